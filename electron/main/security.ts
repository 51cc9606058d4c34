import { RENDERER_CSP } from '../../shared/csp';
import { isTrustedAppUrl } from './ipc';

/** webPreferences of every Nitka window: sandboxed, isolated, no Node in the page. */
export function hardenedWebPreferences(preload: string) {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
  } as const;
}

interface PreventableEvent {
  preventDefault(): void;
}

/** The parts of Electron's WebContents we harden; structural so tests can pass fakes. */
export interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect', listener: (e: PreventableEvent, url: string) => void): void;
  on(event: 'will-attach-webview', listener: (e: PreventableEvent) => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

interface HeadersDetails {
  responseHeaders?: Record<string, string[] | string>;
}

/** The parts of Electron's Session we harden. */
export interface SessionLike {
  webRequest: {
    onHeadersReceived(listener: (details: HeadersDetails, callback: (response: { responseHeaders: Record<string, string[] | string> }) => void) => void): void;
  };
  setPermissionRequestHandler(handler: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: () => boolean): void;
}

/** Denies navigation away from the app, new windows and webviews for one WebContents. */
export function hardenWebContents(contents: WebContentsLike): void {
  const stayInApp = (e: PreventableEvent, url: string) => {
    if (!isTrustedAppUrl(url)) e.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (e) => e.preventDefault());
  // Links to the outside world are never opened: Nitka is offline and evidence URLs may be hostile.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Adds our CSP to every response and denies every permission (camera, geolocation, …). */
export function hardenSession(session: SessionLike): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...(details.responseHeaders ?? {}), 'Content-Security-Policy': [RENDERER_CSP] } });
  });
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
