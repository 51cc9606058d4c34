import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { CaseService } from '../../shared/api/contract';
import { dispatch } from '../../shared/api/dispatch';
import { decodeWire, encodeWire } from '../../shared/api/wire';
import { RENDERER_CSP } from '../../shared/csp';
import { err, type Result } from '../../shared/result';

export interface LoopbackHostOptions {
  service: CaseService;
  /** the built renderer (vite build output); without it only the API is served */
  rendererDir: string | null;
  /** 0 (default) picks a free port */
  port?: number;
  /** fixed token for tests; normally random per launch */
  token?: string;
  /** largest accepted API request body; uploads travel base64-encoded inside it */
  maxBodyBytes?: number;
}

export interface LoopbackHost {
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendResult(res: http.ServerResponse, status: number, result: Result<unknown>): void {
  const body = encodeWire(result);
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(body);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error(`request body larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      parts.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Serves the built renderer read-only. Hand-written because it is a dozen lines and must add our
 * CSP to every response and never leave the build folder; a static-file library would need both
 * bolted on.
 */
function serveStatic(rendererDir: string | null, urlPath: string, res: http.ServerResponse): void {
  if (!rendererDir || !fs.existsSync(path.join(rendererDir, 'index.html'))) {
    res.writeHead(503, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('The Nitka renderer is not built. Run: npm run build');
    return;
  }
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath === '/' ? '/index.html' : urlPath);
  } catch {
    res.writeHead(400, SECURITY_HEADERS).end();
    return;
  }
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${rel}`);
  if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('not found');
    return;
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Cache-Control': 'no-cache',
  });
  fs.createReadStream(file).pipe(res);
}

/**
 * The loopback web host (`nitka serve`): the CaseApi over HTTP on 127.0.0.1 only, guarded by a
 * random per-launch token that the page receives in the URL fragment (never sent to the server
 * in a request line, so it does not land in logs). Host and Origin are checked against DNS
 * rebinding and cross-site requests.
 */
export async function startLoopbackHost(options: LoopbackHostOptions): Promise<LoopbackHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const maxBody = options.maxBodyBytes ?? 768 * 1024 * 1024;
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const server = http.createServer((req, res) => {
    void (async () => {
      const hosts = allowedHosts();
      if (!hosts.has(req.headers.host ?? '')) {
        res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('wrong host');
        return;
      }
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      if (!url.pathname.startsWith('/api/')) {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          res.writeHead(405, SECURITY_HEADERS).end();
          return;
        }
        serveStatic(options.rendererDir, url.pathname, res);
        return;
      }
      if (req.method !== 'POST') {
        sendResult(res, 405, err('bad_input', 'use POST for API calls'));
        return;
      }
      const origin = req.headers.origin;
      if (origin !== undefined && ![...hosts].some((h) => origin === `http://${h}`)) {
        sendResult(res, 403, err('unauthorized', 'cross-origin API calls are not allowed'));
        return;
      }
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith('Bearer ') || !sameToken(auth.slice(7), token)) {
        sendResult(res, 401, err('unauthorized', 'missing or wrong access token; open the URL that `nitka serve` printed'));
        return;
      }
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        sendResult(res, 415, err('bad_input', 'API calls must be application/json'));
        return;
      }
      let input: unknown;
      try {
        const text = await readBody(req, maxBody);
        input = text.trim() === '' ? undefined : decodeWire(text);
      } catch (e) {
        sendResult(res, 400, err('bad_input', `unreadable request: ${(e as Error).message}`));
        return;
      }
      const method = decodeURIComponent(url.pathname.slice('/api/'.length));
      sendResult(res, 200, await dispatch(options.service, method, input));
    })().catch((e: unknown) => {
      if (!res.headersSent) sendResult(res, 500, err('internal', (e as Error).message));
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
