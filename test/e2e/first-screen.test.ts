import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/tmp';
import { NITKA_BIN } from '../helpers/run-cli';

const root = fileURLToPath(new URL('../..', import.meta.url));
const artifacts = path.join(root, 'test-artifacts');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];
const sha256 = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

/** Starts `nitka serve` and resolves with the URL it prints. */
function startServe(casePath: string): Promise<{ child: ChildProcess; url: string }> {
  const env = { ...process.env };
  delete env.NITKA_PASSPHRASE;
  const child = spawn(process.execPath, [NITKA_BIN, 'serve', casePath], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let errText = '';
    const timer = setTimeout(() => reject(new Error(`nitka serve printed no URL:\n${out}\n${errText}`)), 30_000);
    child.stderr!.on('data', (d: Buffer) => (errText += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)$/m.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`nitka serve exited (${code}):\n${out}\n${errText}`)));
  });
}

describe('first screen, end to end (nitka serve + Debian Chromium)', () => {
  let dir: string;
  let cleanup: () => void;
  let server: ChildProcess;
  let url: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  let casePath: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) {
      execFileSync('npm', ['run', 'build:renderer'], { cwd: root, stdio: 'ignore' });
    }
    ({ dir, cleanup } = makeTempDir('nitka-e2e-'));
    casePath = path.join(dir, 'operacija-kolo.nitka');
    ({ child: server, url } = await startServe(casePath));
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'en-GB' });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    cleanup?.();
  });

  it('refuses API calls without the token', async () => {
    const origin = new URL(url).origin;
    const r = await fetch(`${origin}/api/hostInfo`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '' });
    expect(r.status).toBe(401);
  });

  it('creates a case, adds evidence, shows hashes, verifies, reopens, translates', async () => {
    const chat = path.join(dir, 'WhatsApp Chat with Posao Beč.txt');
    fs.writeFileSync(chat, '14/03/2024, 21:15 - Posao Beč: Imamo mjesto konobarice u Beču, javi se na +381 64 123 4567\n');
    const ads = path.join(dir, 'oglasi.csv');
    fs.writeFileSync(ads, 'site,ad_id,title,phone\noglasi.example,A-1,"Posao u Austriji",064 123 4567\n');

    await page.goto(url);
    // The token leaves the address bar at once.
    await expect.poll(() => page.url()).not.toContain('token=');

    await expect.poll(() => page.getByTestId('case-path').inputValue()).toBe(casePath);
    await page.getByTestId('case-name').fill('Operacija Kolo');
    await page.getByTestId('passphrase').fill('Tajna-2024!');
    await page.getByTestId('passphrase-repeat').fill('Tajna-2024?');
    await page.getByTestId('submit-case').click();
    await page.getByTestId('error').waitFor();
    expect(await page.getByTestId('error').textContent()).toContain('The passphrases do not match');
    expect(fs.existsSync(casePath)).toBe(false);

    await page.getByTestId('passphrase-repeat').fill('Tajna-2024!');
    await page.getByTestId('submit-case').click();
    await page.getByTestId('case-name-heading').waitFor();
    expect(await page.getByTestId('case-name-heading').textContent()).toBe('Operacija Kolo');
    expect(fs.readFileSync(casePath).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');

    await page.getByTestId('evidence-files').setInputFiles([chat, ads]);
    await page.getByTestId('exhibit').fill('E-1');
    await page.getByTestId('add-evidence').click();
    await expect.poll(() => page.getByTestId('source-row').count()).toBe(2);
    const rows = page.getByTestId('source-row');
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(shown.join('\n')).toContain('WhatsApp Chat with Posao Beč.txt');
    expect(shown.join('\n')).toContain(sha256(chat));
    expect(shown.join('\n')).toContain(sha256(ads));
    expect(shown.join('\n')).toContain('E-1');

    await page.getByTestId('evidence-files').setInputFiles([ads]);
    await page.getByTestId('add-evidence').click();
    await expect.poll(async () => (await page.getByTestId('add-notices').textContent()) ?? '').toContain('already in the case');
    expect(await page.getByTestId('source-row').count()).toBe(2);

    await page.getByTestId('verify').click();
    await page.getByTestId('verify-result').waitFor();
    expect(await page.getByTestId('verify-result').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('verify-result').textContent()).toMatch(/^OK: 2 sources/);
    expect(await page.getByTestId('audit-table').textContent()).toContain('case.verified');

    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'e2e-first-screen.png'), fullPage: true });

    await page.getByTestId('close-case').click();
    await page.getByTestId('mode-open').click();
    expect(await page.getByTestId('passphrase-repeat').count()).toBe(0);
    await page.getByTestId('passphrase').fill('wrong passphrase');
    await page.getByTestId('submit-case').click();
    await page.getByTestId('error').waitFor();
    expect(await page.getByTestId('error').getAttribute('data-kind')).toBe('wrong_passphrase');
    expect(await page.getByTestId('error').textContent()).toContain('Wrong passphrase');

    await page.getByTestId('passphrase').fill('Tajna-2024!');
    await page.getByTestId('submit-case').click();
    await expect.poll(() => page.getByTestId('source-row').count()).toBe(2);

    await page.getByTestId('language').selectOption('bs');
    await expect.poll(async () => (await page.getByRole('button', { name: 'Provjeri integritet' }).count())).toBe(1);
    expect(await page.locator('#sources-heading').textContent()).toBe('Izvori dokaza');
    await page.screenshot({ path: path.join(artifacts, 'e2e-first-screen-bs.png'), fullPage: true });

    expect(problems).toEqual([]);
  }, 120_000);
});
