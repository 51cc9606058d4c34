import { describe, expect, it } from 'vitest';
import { hardenedWebPreferences, hardenSession, hardenWebContents, type SessionLike, type WebContentsLike } from '../../electron/main/security';
import { RENDERER_CSP } from '../../shared/csp';

function fakeContents() {
  const listeners = new Map<string, (e: { preventDefault(): void }, url?: string) => void>();
  let openHandler: ((d: { url: string }) => { action: string }) | null = null;
  const contents = {
    on: (event: string, l: (e: { preventDefault(): void }, url?: string) => void) => void listeners.set(event, l),
    setWindowOpenHandler: (h: (d: { url: string }) => { action: string }) => void (openHandler = h),
  } as unknown as WebContentsLike;
  const fire = (event: string, url?: string) => {
    let prevented = false;
    listeners.get(event)!({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('Electron window hardening', () => {
  it('runs the renderer sandboxed, context-isolated, without Node', () => {
    const prefs = hardenedWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false });
  });

  it('blocks navigation away from the app, new windows and webviews', () => {
    const { contents, fire, open } = fakeContents();
    hardenWebContents(contents);
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(fire('will-navigate', 'app://nitka/index.html')).toBe(false);
    expect(fire('will-attach-webview')).toBe(true);
    expect(open('https://t.me/some_recruiter')).toEqual({ action: 'deny' });
  });

  it('adds the CSP to every response and denies all permissions', () => {
    let headersListener: Parameters<SessionLike['webRequest']['onHeadersReceived']>[0] | null = null;
    let requestHandler: Parameters<SessionLike['setPermissionRequestHandler']>[0] | null = null;
    let checkHandler: (() => boolean) | null = null;
    const session: SessionLike = {
      webRequest: { onHeadersReceived: (l) => void (headersListener = l) },
      setPermissionRequestHandler: (h) => void (requestHandler = h),
      setPermissionCheckHandler: (h) => void (checkHandler = h),
    };
    hardenSession(session);
    let headers: Record<string, string[] | string> = {};
    headersListener!({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => (headers = r.responseHeaders));
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [RENDERER_CSP] });
    let granted: boolean | null = null;
    requestHandler!({}, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
    expect(checkHandler!()).toBe(false);
  });

  it('has a CSP without inline script, eval or remote sources', () => {
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(RENDERER_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });
});
