import { describe, expect, it } from 'vitest';
import { caseApiMethods } from '../../shared/api/methods';
import type { CaseService } from '../../shared/api/contract';
import { channelOf, isTrustedAppUrl, registerCaseIpc, type IpcMainLike } from '../../electron/main/ipc';
import type { Result } from '../../shared/result';

type Listener = Parameters<IpcMainLike['handle']>[1];

function fakeIpc() {
  const handlers = new Map<string, Listener>();
  return { handlers, ipc: { handle: (channel: string, l: Listener) => void handlers.set(channel, l) } };
}

const calls: string[] = [];
const service = new Proxy({} as CaseService, {
  get: (_t, method: string) => async (input: unknown) => {
    calls.push(method);
    return { method, input };
  },
});

describe('Electron IPC registration', () => {
  it('registers exactly one channel per CaseApi method', () => {
    const { handlers, ipc } = fakeIpc();
    registerCaseIpc(ipc, service);
    expect([...handlers.keys()].sort()).toEqual(caseApiMethods.map(channelOf).sort());
  });

  it('trusts only the app origin', () => {
    expect(isTrustedAppUrl('app://nitka/index.html')).toBe(true);
    for (const url of ['https://nitka/index.html', 'file:///etc/passwd', 'app://evil/index.html', 'http://127.0.0.1:8080/', '', 'not a url']) {
      expect(isTrustedAppUrl(url), url).toBe(false);
    }
  });

  it('refuses calls from untrusted frames before touching the service', async () => {
    const { handlers, ipc } = fakeIpc();
    registerCaseIpc(ipc, service);
    calls.length = 0;
    const r = (await handlers.get('nitka:listSources')!({ senderFrame: { url: 'https://evil.example/' } }, undefined)) as Result<unknown>;
    expect(r).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    const none = (await handlers.get('nitka:listSources')!({ senderFrame: null }, undefined)) as Result<unknown>;
    expect(none.ok).toBe(false);
    expect(calls).toEqual([]);
  });

  it('validates input from trusted frames through the shared dispatcher', async () => {
    const { handlers, ipc } = fakeIpc();
    registerCaseIpc(ipc, service);
    calls.length = 0;
    const trusted = { senderFrame: { url: 'app://nitka/index.html' } };
    const bad = (await handlers.get('nitka:openCase')!(trusted, { path: 42 })) as Result<unknown>;
    expect(bad).toMatchObject({ ok: false, error: { kind: 'bad_input' } });
    expect(calls).toEqual([]);
    const good = (await handlers.get('nitka:openCase')!(trusted, { path: '/x.nitka', passphrase: 'p' })) as Result<unknown>;
    expect(good).toEqual({ ok: true, value: { method: 'openCase', input: { path: '/x.nitka', passphrase: 'p' } } });
  });
});
