import { beforeEach, describe, expect, it, vi } from 'vitest';
import { caseApiMethods } from '../../shared/api/methods';

describe('preload bridge', () => {
  beforeEach(() => vi.resetModules());

  it('exposes exactly the CaseApi as window.nitka, each method an IPC invoke', async () => {
    const { exposedInMainWorld, ipcMain } = await import('../stubs/electron');
    await import('../../electron/preload/preload');
    expect([...exposedInMainWorld.keys()]).toEqual(['nitka']);
    const api = exposedInMainWorld.get('nitka') as Record<string, (i?: unknown) => Promise<unknown>>;
    expect(Object.keys(api).sort()).toEqual([...caseApiMethods].sort());
    expect(Object.isFrozen(api)).toBe(true);
    ipcMain.handle('nitka:caseInfo', async (_e, input) => ({ echoed: input }));
    expect(await api.caseInfo!({ a: 1 })).toEqual({ echoed: { a: 1 } });
  });

  it('a call from an untrusted frame is refused by the main side', async () => {
    const electron = await import('../stubs/electron');
    const { registerCaseIpc } = await import('../../electron/main/ipc');
    const { NodeCaseService } = await import('../../electron/core/case-service');
    registerCaseIpc(electron.ipcMain, new NodeCaseService({ host: 'electron' }));
    await import('../../electron/preload/preload');
    electron.fakeSender.url = 'https://evil.example/';
    const api = electron.exposedInMainWorld.get('nitka') as Record<string, () => Promise<unknown>>;
    expect(await api.hostInfo!()).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
  });
});
