import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/tmp';
import { NITKA_BIN, runNitka } from '../helpers/run-cli';

/**
 * Runs nitka on a real pseudo-terminal (util-linux `script`) and answers each prompt as it
 * appears, the way a person would type.
 */
function runOnTerminal(args: string[], answers: string[]): Promise<{ code: number | null; screen: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NITKA_PASSPHRASE;
  const command = [process.execPath, NITKA_BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let answered = 0;
    child.stdout.on('data', (d: Buffer) => {
      screen += d.toString();
      const prompts = (screen.match(/(Passphrase for .*?|Repeat the passphrase): /g) ?? []).length;
      while (answered < prompts && answered < answers.length) {
        child.stdin.write(`${answers[answered]}\r`);
        answered += 1;
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      child.stdin.destroy();
      resolve({ code, screen });
    });
  });
}

describe('passphrase on a terminal', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = makeTempDir('nitka-tty-')));
  afterAll(() => cleanup());

  it('is asked twice for a new case, without echo, and then opens the case', async () => {
    const casePath = path.join(dir, 'tty.nitka');
    const r = await runOnTerminal(['create', casePath], ['Čvor-7 tajna', 'Čvor-7 tajna']);
    expect(r.code).toBe(0);
    expect(r.screen).toContain('Passphrase for');
    expect(r.screen).toContain('Repeat the passphrase');
    expect(r.screen).toContain(`Created ${casePath}`);
    expect(r.screen).not.toContain('tajna');
    expect((await runNitka(['sources', casePath], { passphrase: 'Čvor-7 tajna' })).code).toBe(0);
  });

  it('refuses mismatching confirmation with exit 2 and creates nothing', async () => {
    const casePath = path.join(dir, 'mismatch.nitka');
    const r = await runOnTerminal(['create', casePath], ['one', 'two']);
    expect(r.code).toBe(2);
    expect(r.screen).toContain('passphrases do not match');
    expect((await runNitka(['sources', casePath], { passphrase: 'one' })).code).toBe(2);
  });
});
