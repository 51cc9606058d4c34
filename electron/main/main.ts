// The Electron entry: a thin adapter over the same CaseService the other hosts use.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, net, protocol, session } from 'electron';
import { NodeCaseService } from '../core/case-service';
import { APP_ORIGIN, registerCaseIpc } from './ipc';
import { hardenedWebPreferences, hardenSession, hardenWebContents } from './security';

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/electron/main.js → dist/renderer */
const rendererDir = path.resolve(here, '..', 'renderer');
const preloadPath = path.join(here, 'preload.cjs');

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) app.quit();

const service = new NodeCaseService({ host: 'electron' });

/** Serves dist/renderer under app://nitka/, never anything outside it. */
function serveRenderer(): void {
  protocol.handle('app', (request) => {
    const url = new URL(request.url);
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = path.resolve(rendererDir, `.${rel}`);
    if (url.host !== 'nitka' || !file.startsWith(rendererDir + path.sep)) return new Response('not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    title: 'Nitka',
    webPreferences: hardenedWebPreferences(preloadPath),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('web-contents-created', (_e, contents) => hardenWebContents(contents));

app.on('second-instance', () => {
  const [win] = BrowserWindow.getAllWindows();
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});

app.on('window-all-closed', () => app.quit());

let quitting = false;
app.on('before-quit', (e) => {
  if (quitting) return;
  // Close the case (checkpoint the WAL, stop the database worker) before the process ends.
  e.preventDefault();
  quitting = true;
  void service.closeCase().finally(() => app.quit());
});

void app.whenReady().then(() => {
  hardenSession(session.defaultSession);
  serveRenderer();
  registerCaseIpc(ipcMain, service);
  createWindow();
});
