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
    const table = path.join(dir, 'izvod.csv');
    fs.writeFileSync(table, 'Vrijeme;Od;Tekst\n12.03.2024 21:15;Ana;Zovi 064 123 4567\n');

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

    // Evidence is added in the Ingest view; the sources and their hashes are listed in the Case view.
    await page.getByTestId('tab-ingest').click();
    await page.getByTestId('evidence-files').setInputFiles([chat, ads, table]);
    await page.getByTestId('exhibit').fill('E-1');
    await page.getByTestId('add-evidence').click();
    // A table of unknown columns: Nitka asks for them; the investigator keeps it as evidence only.
    await page.getByTestId('mapping-question').waitFor();
    expect(await page.getByTestId('mapping-question').textContent()).toContain('izvod.csv is a table of messages');
    await page.getByTestId('map-store-only').click();
    await expect.poll(() => page.getByTestId('source-row').count(), { timeout: 30_000 }).toBe(3);
    expect(await page.getByTestId('add-notices').textContent()).toContain('whatsapp-txt: 1 messages');
    expect(await page.getByTestId('add-notices').textContent()).toContain('ads-csv: 1 ads, 0 pictures');
    await page.getByTestId('tab-case').click();
    const rows = page.getByTestId('source-row');
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(shown.join('\n')).toContain('WhatsApp Chat with Posao Beč.txt');
    expect(shown.join('\n')).toContain(sha256(chat));
    expect(shown.join('\n')).toContain(sha256(ads));
    expect(shown.join('\n')).toContain('E-1');

    await page.getByTestId('tab-ingest').click();
    await page.getByTestId('evidence-files').setInputFiles([ads]);
    await page.getByTestId('add-evidence').click();
    // Seconds on a loaded machine: the host hashes the upload before it can tell it is a duplicate.
    await expect.poll(async () => (await page.getByTestId('add-notices').textContent()) ?? '', { timeout: 30_000 }).toContain('already in the case');
    expect(await page.getByTestId('source-row').count()).toBe(3);

    await page.getByTestId('tab-case').click();
    await page.getByTestId('verify').click();
    await page.getByTestId('verify-result').waitFor();
    expect(await page.getByTestId('verify-result').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('verify-result').textContent()).toMatch(/^OK: 3 sources/);
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'e2e-first-screen.png'), fullPage: true });
    await page.getByTestId('tab-audit').click();
    await expect.poll(async () => (await page.getByTestId('audit-table').textContent()) ?? '').toContain('case.verified');

    await page.getByTestId('tab-case').click();
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
    // Opening starts a fresh database worker and derives the key (PBKDF2, 256,000 rounds).
    await expect.poll(() => page.getByTestId('source-row').count(), { timeout: 15_000 }).toBe(3);

    await page.getByTestId('language').selectOption('bs');
    await expect.poll(async () => (await page.getByRole('button', { name: 'Provjeri integritet' }).count())).toBe(1);
    expect(await page.locator('#sources-heading').textContent()).toBe('Izvori dokaza');
    await page.screenshot({ path: path.join(artifacts, 'e2e-first-screen-bs.png'), fullPage: true });

    expect(problems).toEqual([]);
  }, 120_000);

  it('asks the date order and the table columns, shows progress, then finds entities and messages', async () => {
    await page.getByTestId('language').selectOption('en');
    const undecidable = path.join(dir, 'WhatsApp Chat with Dragan.txt');
    // No day above 12: the file cannot say whether 03/04 is 3 April or 4 March.
    const lines = Array.from({ length: 60_000 }, (_, i) => `0${1 + (i % 9)}/0${1 + (i % 3)}/2024, 10:${String(i % 60).padStart(2, '0')} - Dragan: poruka ${i}`);
    lines.push('09/03/2024, 11:00 - Dragan: Plaćanje unaprijed, pozovi 064 123 4567 ili piši na posao.bec@gmail.com');
    fs.writeFileSync(undecidable, lines.join('\n'));
    const table = path.join(dir, 'ufed-export.csv');
    fs.writeFileSync(table, 'Timestamp;From;Body\n15.03.2024 08:00:00;Јелена;"Уплата на RS35260005601001611379"\n');

    await page.getByTestId('tab-ingest').click();
    await page.getByTestId('evidence-files').setInputFiles([undecidable, table]);
    await page.getByTestId('add-evidence').click();
    await page.getByTestId('date-order-question').waitFor();
    expect(await page.getByTestId('date-order-question').textContent()).toContain('WhatsApp Chat with Dragan.txt');
    await page.getByTestId('date-order-dmy').click();
    // A 60,000-line chat takes long enough for the progress bar to show.
    await page.getByTestId('ingest-progress').waitFor();
    await page.getByTestId('mapping-question').waitFor({ timeout: 60_000 });
    await page.getByTestId('map-time').selectOption('Timestamp');
    await page.getByTestId('map-sender').selectOption('From');
    await page.getByTestId('map-body').selectOption('Body');
    await page.getByTestId('map-save-as').fill('ufed');
    await page.getByTestId('map-submit').click();
    await expect.poll(() => page.getByTestId('source-row').count(), { timeout: 60_000 }).toBe(5);
    const notices = (await page.getByTestId('add-notices').textContent()) ?? '';
    expect(notices).toContain('whatsapp-txt: 60001 messages');
    expect(notices).toContain('csv: 1 messages');
    await page.getByTestId('tab-case').click();

    await page.getByTestId('message-search').fill('placanje');
    await page.getByTestId('message-search-submit').click();
    // Wait for the search result itself: the table may still show the earlier listing for a moment.
    await expect.poll(async () => (await page.getByTestId('messages-table').textContent()) ?? '', { timeout: 15_000 }).toContain('Plaćanje unaprijed');
    expect(await page.getByTestId('message-row').count()).toBe(1);
    await page.getByTestId('message-search').fill('uplata');
    await page.getByTestId('message-search-submit').click();
    await expect.poll(async () => (await page.getByTestId('messages-table').textContent()) ?? '').toContain('Уплата на');

    await page.getByTestId('entity-kind').selectOption('phone');
    await expect.poll(async () => (await page.getByTestId('entities-table').textContent()) ?? '').toContain('+381641234567');
    await page.getByTestId('entity-messages').first().click();
    await page.getByTestId('identifier-filter').waitFor();
    await expect.poll(async () => (await page.getByTestId('messages-table').textContent()) ?? '', { timeout: 15_000 }).toContain('pozovi 064 123 4567');
    await page.getByTestId('entity-kind').selectOption('iban');
    await expect.poll(async () => (await page.getByTestId('entities-table').textContent()) ?? '').toContain('RS35260005601001611379');
    await page.screenshot({ path: path.join(artifacts, 'e2e-chat-ingest.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 180_000);
});
