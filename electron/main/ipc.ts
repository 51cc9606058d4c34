import type { CaseService } from '../../shared/api/contract';
import { dispatch } from '../../shared/api/dispatch';
import { caseApiMethods } from '../../shared/api/methods';
import { err, type Result } from '../../shared/result';

/** The scheme and host the renderer is served from inside the app. */
export const APP_ORIGIN = 'app://nitka';

/** The IPC channel of one CaseApi method. */
export const channelOf = (method: string): string => `nitka:${method}`;

/** The part of an IPC event we rely on (Electron's IpcMainInvokeEvent has it). */
export interface InvokeEventLike {
  senderFrame?: { url: string } | null;
}

/** The part of ipcMain we use, so the registration can be tested without Electron. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, input: unknown) => Promise<Result<unknown>>): void;
}

/** Trusts only frames of our own bundled renderer, never remote or file:// pages. */
export function isTrustedAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'app:' && u.host === 'nitka';
  } catch {
    return false;
  }
}

/**
 * One `ipcMain.handle` per CaseApi method. Each handler checks the sender frame before anything
 * else, then hands the untrusted input to the shared dispatcher, which validates it with zod.
 */
export function registerCaseIpc(ipcMain: IpcMainLike, service: CaseService, isTrustedSender: (url: string) => boolean = isTrustedAppUrl): void {
  for (const method of caseApiMethods) {
    ipcMain.handle(channelOf(method), async (event, input) => {
      const url = event.senderFrame?.url ?? '';
      if (!isTrustedSender(url)) return err('unauthorized', `IPC call ${method} from an untrusted frame (${url || 'unknown'}) refused`);
      return dispatch(service, method, input);
    });
  }
}
