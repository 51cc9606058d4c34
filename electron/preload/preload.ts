// The sandboxed preload: bridges exactly the CaseApi methods as window.nitka and nothing else.
// No validation here on purpose: the main process validates every input (never trust a renderer).
import { contextBridge, ipcRenderer } from 'electron';
import { caseApiMethods } from '../../shared/api/methods';

const api: Record<string, (input?: unknown) => Promise<unknown>> = {};
for (const method of caseApiMethods) {
  api[method] = (input?: unknown) => ipcRenderer.invoke(`nitka:${method}`, input);
}
contextBridge.exposeInMainWorld('nitka', Object.freeze(api));
