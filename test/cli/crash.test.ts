import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/tmp';
import { NITKA_BIN, runNitka } from '../helpers/run-cli';

const PASS = 'crash-test';

/** Size of a file, 0 if absent. */
function sizeOf(f: string): number {
  try {
    return fs.statSync(f).size;
  } catch {
    return 0;
  }
}

describe('kill -9 during an ingest', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = makeTempDir('nitka-crash-')));
  afterAll(() => cleanup());

  it('leaves a case that opens and verifies, with the source fully present or absent', async () => {
    const casePath = path.join(dir, 'crash.nitka');
    expect((await runNitka(['create', casePath], { passphrase: PASS })).code).toBe(0);
    const small = path.join(dir, 'small.txt');
    fs.writeFileSync(small, 'already in the case before the crash\n');
    expect((await runNitka(['ingest', casePath, small], { passphrase: PASS })).code).toBe(0);

    const big = path.join(dir, 'phone-image.bin');
    const bytes = randomBytes(96 * 1024 * 1024);
    fs.writeFileSync(big, bytes);
    const bigSha = createHash('sha256').update(bytes).digest('hex');

    const child = spawn(process.execPath, [NITKA_BIN, 'ingest', casePath, big, '--exhibit', 'E-9'], {
      env: { ...process.env, NITKA_PASSPHRASE: PASS },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // The uncommitted transaction spills pages out of the page cache: into the WAL, or (a large
    // source is written through a rollback journal) into the case file itself, its original pages
    // saved in the -journal file. Once that has grown well past the committed history, the process
    // is inside the ingest transaction. Kill it there.
    const walFile = `${casePath}-wal`;
    const journalFile = `${casePath}-journal`;
    const before = sizeOf(casePath);
    const inside = () => sizeOf(walFile) >= 24 * 1024 * 1024 || (fs.existsSync(journalFile) && sizeOf(casePath) - before >= 8 * 1024 * 1024);
    const deadline = Date.now() + 60_000;
    while (!inside()) {
      if (Date.now() > deadline) throw new Error('the ingest never got going');
      if (child.exitCode !== null) throw new Error('the ingest finished before it could be killed; make the file larger');
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const verify = await runNitka(['verify', casePath], { passphrase: PASS });
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    expect(verify.stdout.split('\n')[0]).toBe('OK');

    const list = JSON.parse((await runNitka(['sources', casePath, '--json'], { passphrase: PASS })).stdout) as Array<{ fileName: string; sha256: string; size: number }>;
    const names = list.map((s) => s.fileName);
    expect(names[0]).toBe('small.txt');
    const crashed = list.find((s) => s.fileName === 'phone-image.bin');
    if (crashed) expect(crashed).toMatchObject({ sha256: bigSha, size: bytes.length });
    // Killed mid-transaction, so it must in fact be absent; and the log must not claim it.
    expect(crashed).toBeUndefined();
    const log = JSON.parse((await runNitka(['log', casePath, '--json'], { passphrase: PASS })).stdout) as Array<{ action: string; details: { fileName?: string } }>;
    expect(log.filter((e) => e.action === 'source.added').map((e) => e.details.fileName)).toEqual(['small.txt']);

    // The interrupted ingest can simply be run again.
    const retry = await runNitka(['ingest', casePath, big, '--exhibit', 'E-9'], { passphrase: PASS });
    expect(retry.code).toBe(0);
    expect(retry.stdout).toContain(bigSha);
    const after = await runNitka(['verify', casePath], { passphrase: PASS });
    expect(after.code).toBe(0);
  }, 180_000);
});
