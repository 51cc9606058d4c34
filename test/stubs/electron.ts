// Test double for the `electron` module: importing the real package outside Electron tries to
// download the binary. It records what the adapter registers so tests can drive it.
type FakeEvent = { senderFrame?: { url: string } | null };
type Handler = (event: FakeEvent, input: unknown) => unknown;

export const ipcHandlers = new Map<string, Handler>();
export const exposedInMainWorld = new Map<string, unknown>();

export const ipcMain = {
  handle(channel: string, handler: Handler): void {
    if (ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
    ipcHandlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    ipcHandlers.delete(channel);
  },
};

/** The sender frame URL the stubbed ipcRenderer claims; tests switch it to simulate an untrusted frame. */
export const fakeSender = { url: 'app://nitka/index.html' };

export const ipcRenderer = {
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = ipcHandlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const event = { senderFrame: { url: fakeSender.url }, sender: {} };
    // Structured clone, as Electron's IPC does, so nothing passes by reference.
    return structuredClone(await handler(event, structuredClone(args[0])));
  },
};

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    exposedInMainWorld.set(key, api);
  },
};

export function resetElectronStub(): void {
  ipcHandlers.clear();
  exposedInMainWorld.clear();
  fakeSender.url = 'app://nitka/index.html';
}

const unavailable = (name: string) => () => {
  throw new Error(`electron.${name} is not available in tests`);
};
export const app = { whenReady: unavailable('app.whenReady'), on: unavailable('app.on'), getPath: unavailable('app.getPath') };
export const BrowserWindow = unavailable('BrowserWindow');
export const session = {};
export const protocol = {};
export const net = {};
export const shell = {};
export default { ipcMain, ipcRenderer, contextBridge, app, BrowserWindow, session, protocol, net, shell };
