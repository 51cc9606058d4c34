import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Foundry's test mnemonic: the ten accounts every Foundry user knows, each funded with 10 000 ETH. */
export const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';
/** Genesis time of our chains (2026-01-01T00:00:00Z) and one block a minute after it, so block times are the same on every run. */
export const ANVIL_GENESIS = 1_767_225_600;
export const ANVIL_BLOCK_SECONDS = 60;

export interface Anvil {
  url: string;
  port: number;
  /** JSON-RPC straight to the node, for setting up a scene */
  rpc(method: string, params?: unknown[]): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * The platform binary itself, not the `node_modules/.bin/anvil` Node shim: killing the shim would
 * leave the node it started running.
 */
function anvilBinary(): string {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const binary = path.join(root, 'node_modules', '@foundry-rs', `anvil-${process.platform}-${arch}`, 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil');
  if (!fs.existsSync(binary)) throw new Error(`anvil is not installed: ${binary} is missing (it comes with the dev dependency @foundry-rs/anvil-linux-amd64, the binary package of @foundry-rs/anvil; the mirror here carries only that platform)`);
  return binary;
}

/** A port free right now; anvil has no `--port 0`, so we ask the OS and hand the number on. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

async function rpcAt(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function startOnce(binary: string, port: number): Promise<Anvil | null> {
  const child = spawn(
    binary,
    ['--host', '127.0.0.1', '--port', String(port), '--silent', '--mnemonic', ANVIL_MNEMONIC, '--accounts', '10', '--chain-id', '31337', '--timestamp', String(ANVIL_GENESIS)],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited(child);
  };
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      // Lost the race for the port to another process: the caller tries another one.
      if (/address already in use|Address in use|os error 98/i.test(stderr)) return null;
      throw new Error(`anvil exited with ${child.exitCode}: ${stderr.trim()}`);
    }
    try {
      if ((await rpcAt(url, 'eth_chainId')) === '0x7a69') {
        await rpcAt(url, 'anvil_setBlockTimestampInterval', [ANVIL_BLOCK_SECONDS]);
        return { url, port, rpc: (method, params) => rpcAt(url, method, params), stop };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`anvil did not answer eth_chainId on ${url} within 20 s: ${stderr.trim()}`);
}

/** A fresh local chain on 127.0.0.1; call `stop()` in teardown. */
export async function startAnvil(): Promise<Anvil> {
  const binary = anvilBinary();
  for (let attempt = 0; attempt < 5; attempt++) {
    const node = await startOnce(binary, await freePort());
    if (node) return node;
  }
  throw new Error('anvil could not get a free port in 5 attempts');
}
