import type { CaseApi } from '../../../shared/api/contract';
import { createHttpCaseApi } from './http-client';

declare global {
  interface Window {
    /** Provided by the Electron preload; absent when the renderer runs in a browser. */
    nitka?: CaseApi;
  }
}

const TOKEN_KEY = 'nitka.token';

/**
 * The one dispatcher the UI talks to: the preload bridge under Electron, else the loopback
 * host's HTTP API with the token from the URL fragment. The token is moved to sessionStorage
 * and removed from the address bar so it is not bookmarked, shared or captured in screenshots.
 */
export function connectCaseApi(): CaseApi | null {
  if (window.nitka) return window.nitka;
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? createHttpCaseApi(window.location.origin, token) : null;
}
