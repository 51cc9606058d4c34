import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const NITKA_BIN = fileURLToPath(new URL('../../electron/cli/nitka.mjs', import.meta.url));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `nitka` command in a child process. */
export function runNitka(args: string[], opts: { passphrase?: string | null; cwd?: string; input?: string } = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NITKA_PASSPHRASE;
  if (opts.passphrase) env.NITKA_PASSPHRASE = opts.passphrase;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NITKA_BIN, ...args], { env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}
