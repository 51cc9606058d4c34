import { vi } from 'vitest';
import type { CaseApi } from '../../shared/api/contract';
import { NodeCaseService } from '../../electron/core/case-service';
import { isTrustedAppUrl, registerCaseIpc } from '../../electron/main/ipc';
import { describeCaseApiContract } from './case-api-contract';

// The Electron adapter end to end, minus the binary: ipcMain handlers from electron/main/ipc.ts,
// the real preload, and an ipcRenderer double that structured-clones like Electron's IPC.
describeCaseApiContract('Electron host (ipcMain + preload, stubbed electron)', async () => {
  vi.resetModules();
  // Import the stub after the reset: it is the same module instance the preload's 'electron' gets.
  const electron = await import('../stubs/electron');
  const service = new NodeCaseService({ host: 'electron', actor: 'tester@lab' });
  registerCaseIpc(electron.ipcMain, service, isTrustedAppUrl);
  await import('../../electron/preload/preload');
  const api = electron.exposedInMainWorld.get('nitka') as CaseApi;
  return { api, teardown: () => service.closeCase().then(() => undefined) };
});
