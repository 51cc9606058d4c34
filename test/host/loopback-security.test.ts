import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeCaseService } from '../../electron/core/case-service';
import { startLoopbackHost, type LoopbackHost } from '../../electron/host/loopback-host';
import { RENDERER_CSP } from '../../shared/csp';
import { makeTempDir } from '../helpers/tmp';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('loopback host security', () => {
  let host: LoopbackHost;
  let service: NodeCaseService;
  let dir: string;
  let cleanup: () => void;
  let rendererDir: string;

  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDir('nitka-host-'));
    rendererDir = path.join(dir, 'renderer');
    fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Nitka</title>');
    fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside the renderer');
    service = new NodeCaseService({ host: 'loopback' });
    host = await startLoopbackHost({ service, rendererDir });
  });
  afterAll(async () => {
    await host.close();
    await service.closeCase();
    cleanup();
  });

  const api = (extra: Record<string, string> = {}, method = 'hostInfo') =>
    request(host.port, {
      method: 'POST',
      path: `/api/${method}`,
      headers: { Host: `127.0.0.1:${host.port}`, 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}`, ...extra },
      body: '',
    });

  it('listens on 127.0.0.1 only, with a long random token carried in the URL fragment', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/#token=[A-Za-z0-9_-]{43}$`));
  });

  it('answers API calls that carry the token', async () => {
    const r = await api();
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { host: 'loopback' } });
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('refuses a missing or wrong token', async () => {
    const none = await api({ Authorization: '' });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    const wrong = await api({ Authorization: `Bearer ${host.token.slice(0, -1)}x` });
    expect(wrong.status).toBe(401);
  });

  it('refuses foreign Host headers (DNS rebinding) and cross-origin calls', async () => {
    expect((await api({ Host: `evil.example:${host.port}` })).status).toBe(421);
    expect((await api({ Origin: 'http://evil.example' })).status).toBe(403);
    expect((await api({ Origin: `http://127.0.0.1:${host.port}` })).status).toBe(200);
  });

  it('accepts only JSON POSTs on the API', async () => {
    const get = await request(host.port, { path: '/api/hostInfo', headers: { Host: `127.0.0.1:${host.port}`, Authorization: `Bearer ${host.token}` } });
    expect(get.status).toBe(405);
    expect((await api({ 'Content-Type': 'text/plain' })).status).toBe(415);
    const unknown = await api({}, 'dropTables');
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { kind: 'bad_input' } });
  });

  it('serves the renderer with the CSP and nothing outside it', async () => {
    const index = await request(host.port, { path: '/', headers: { Host: `localhost:${host.port}` } });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toBe(RENDERER_CSP);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    const js = await request(host.port, { path: '/assets/app.js', headers: { Host: `127.0.0.1:${host.port}` } });
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const r = await request(host.port, { path: p, headers: { Host: `127.0.0.1:${host.port}` } });
      expect(r.status, p).not.toBe(200);
      expect(r.body).not.toContain('outside the renderer');
    }
  });
});
