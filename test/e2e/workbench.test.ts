import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/tmp';
import { NITKA_BIN } from '../helpers/run-cli';

const root = fileURLToPath(new URL('../..', import.meta.url));
const artifacts = path.join(root, 'test-artifacts');
const demo = path.join(root, 'test', 'fixtures', 'demo');
const CHAT = path.join(demo, 'WhatsApp Chat with Posao Beč.txt');
const ADS = path.join(demo, 'oglasi.jsonl');
const WALLETS = path.join(demo, 'wallet-export.csv');
// The demo evidence alone raises no resolution suggestion; these ads (two spellings of one name) do.
const MORE_ADS = path.join(root, 'test', 'fixtures', 'network', 'ads-a.jsonl');
const SEED = 'tron:TAQsTw1gukJNrrwPXa8DDsHzDX3qD9U1oE';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];
const sha256 = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');
// The host does real work per call (hashing, SQLCipher, linking) on a shared machine: be patient.
const SLOW = { timeout: 30_000 };

/** The share of a screenshot's pixels that differ from its most common colour: 0 for a blank canvas. */
function drawnShare(png: Buffer): number {
  const { data, width, height } = PNG.sync.read(png);
  const counts = new Map<number, number>();
  for (let i = 0; i < data.length; i += 4) {
    const rgb = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
    counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
  }
  const background = Math.max(...counts.values());
  return 1 - background / (width * height);
}

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

/**
 * Labelled text in the active view whose content is cut off: wider than its box while its
 * overflow is not visible. Scroll containers (tables in a scroller, the view itself) are exempt.
 */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const pane = document.querySelector('.view-pane:not(.inactive)') ?? document.body;
    const labelled = [...document.querySelectorAll('.topbar button, .topbar label, .tab')].concat([
      ...pane.querySelectorAll('button, label > span, th, h1, h2, h3, dt, .badge, .file-name'),
    ]);
    return labelled
      .filter((el) => {
        const h = el as HTMLElement;
        if (h.offsetParent === null || h.closest('.scroll-x, .nitka-graph')) return false;
        return h.scrollWidth > h.clientWidth + 1 && getComputedStyle(h).overflowX !== 'visible';
      })
      .concat(
        // Content poking out of a panel that does not scroll it.
        [...pane.querySelectorAll('.panel')].filter((p) => (p as HTMLElement).scrollWidth > (p as HTMLElement).clientWidth + 1 && getComputedStyle(p).overflowX === 'visible'),
      )
      .map((el) => `${el.tagName.toLowerCase()}.${(el as HTMLElement).className}: ${(el.textContent ?? '').slice(0, 60)}`);
  });
}

describe('the workbench, end to end (nitka serve + Debian Chromium, 1280×800)', () => {
  let dir: string;
  let cleanup: () => void;
  let server: ChildProcess;
  let url: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  async function shot(name: string) {
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, `e2e-workbench-${name}.png`) });
    expect(await overflowing(page), `text cut off in ${name}`).toEqual([]);
  }

  /** Fails the step when the view in front shows an error, naming it. */
  async function expectNoError(step: string): Promise<void> {
    const errors = await page.locator('.view-pane:not(.inactive) [data-testid="error"]').allTextContents();
    expect(errors, step).toEqual([]);
  }

  beforeAll(async () => {
    if (!fs.existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) {
      execFileSync('npm', ['run', 'build:renderer'], { cwd: root, stdio: 'ignore' });
    }
    ({ dir, cleanup } = makeTempDir('nitka-e2e-wb-'));
    ({ child: server, url } = await startServe(path.join(dir, 'operacija-dunav.nitka')));
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    // Name the code behind a CSP violation, which the console message alone does not.
    await page.exposeFunction('nitkaCspViolation', (where: string) => problems.push(`CSP violation at ${where}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { nitkaCspViolation: (w: string) => void }).nitkaCspViolation(`${e.violatedDirective} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}`);
      });
    });
  }, 120_000);

  // No console error or warning, no CSP violation, in any step; each step answers for its own.
  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    cleanup?.();
  });

  it('creates a case and ingests a chat, ads and a wallet export (picked and dropped), with a report per file', async () => {
    await page.goto(url);
    await page.getByTestId('case-name').fill('Operacija Dunav');
    await page.getByTestId('passphrase').fill('Dunav-2024!');
    await page.getByTestId('passphrase-repeat').fill('Dunav-2024!');
    await page.getByTestId('submit-case').click();
    await page.getByTestId('case-name-heading').waitFor();
    expect(await page.getByTestId('topbar-case').textContent()).toBe('Operacija Dunav');

    await page.keyboard.press('Alt+2');
    await page.getByTestId('evidence-files').waitFor();
    await page.getByTestId('evidence-files').setInputFiles([CHAT, ADS, WALLETS]);
    await page.getByTestId('exhibit').fill('E-7');
    await page.getByTestId('add-evidence').click();
    await expect.poll(() => page.locator('[data-testid="ingest-file"][data-state="added"]').count(), { timeout: 90_000 }).toBe(3);
    const formats = await page.getByTestId('detected-format').allTextContents();
    expect(formats).toEqual(['whatsapp-txt', 'ads-jsonl', 'transfers-csv']);
    // Every file's bar ends full.
    const bars = await page.locator('.file-progress').evaluateAll((ps) => ps.map((p) => [(p as HTMLProgressElement).value, (p as HTMLProgressElement).max]));
    for (const [value, max] of bars) expect(value).toBe(max);

    // A dropped file goes through the same ingest (the drop handler walks folders; a file here).
    const bytes = fs.readFileSync(MORE_ADS).toString('base64');
    await page.getByTestId('dropzone').evaluate((zone, b64) => {
      const dt = new DataTransfer();
      const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([raw], 'ads-a.jsonl', { type: 'application/json' }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, bytes);
    await expect.poll(() => page.locator('[data-testid="ingest-file"][data-state="added"]').count(), { timeout: 90_000 }).toBe(1);
    expect(await page.getByTestId('add-notices').textContent()).toContain('ads-a.jsonl');

    await page.getByTestId('ingest-report-toggle').first().click();
    await page.locator('.view-pane:not(.inactive) [data-testid="source-report"], .view-pane:not(.inactive) [data-testid="error"]').first().waitFor(SLOW);
    await expectNoError('ingest report (sourceReport)');
    expect(await page.getByTestId('source-report').first().textContent()).toContain('ads-jsonl');
    await shot('ingest');

    await page.keyboard.press('Alt+1');
    await expect.poll(() => page.getByTestId('source-row').count(), SLOW).toBe(4);
    const rows = (await page.getByTestId('source-row').allTextContents()).join('\n');
    expect(rows).toContain(sha256(CHAT));
    expect(rows).toContain(sha256(WALLETS));
    expect(rows).toContain('E-7');
    await shot('case');
  }, 240_000);

  it('cancels an ingest under way: the file is rolled back and the case is unchanged', async () => {
    const big = path.join(dir, 'WhatsApp Chat with Kombi.txt');
    const lines = Array.from({ length: 150_000 }, (_, i) => `14/03/2024, 10:${String(i % 60).padStart(2, '0')} - Kombi: poruka broj ${i}, javi se na 064 765 4321`);
    fs.writeFileSync(big, lines.join('\n'));
    await page.keyboard.press('Alt+2');
    await page.getByTestId('evidence-files').setInputFiles([big]);
    await page.getByTestId('add-evidence').click();
    await page.getByTestId('ingest-progress').waitFor({ timeout: 60_000 });
    await page.getByTestId('cancel-ingest').click();
    await expect.poll(() => page.locator('[data-testid="ingest-file"]').getAttribute('data-state'), { timeout: 60_000 }).toBe('cancelled');
    expect(await page.getByTestId('add-notices').textContent()).toContain('cancelled, case unchanged');
    await page.keyboard.press('Alt+1');
    await expect.poll(() => page.getByTestId('source-row').count(), SLOW).toBe(4);
    expect((await page.getByTestId('source-row').allTextContents()).join('\n')).not.toContain('Kombi');
  }, 180_000);

  it('shows the network, selects a phone and reads its evidence with excerpt and SHA-256', async () => {
    await page.getByTestId('tab-graph').click();
    await expect.poll(async () => Number(await page.getByTestId('graph-canvas').getAttribute('data-nodes')), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('graph-canvas').getAttribute('data-state'), { timeout: 60_000 }).toBe('ready');
    // The network is really drawn, not only counted: the canvas is not one flat colour.
    await expect.poll(async () => drawnShare(await page.getByTestId('graph-canvas').screenshot()), SLOW).toBeGreaterThan(0.005);
    await page.getByTestId('graph-search').fill('+381641234567');
    await page.locator('[data-testid^="graph-result-"]').first().click();
    await page.locator('[data-testid="evidence-panel"] [data-testid="evidence-item"], [data-testid="evidence-panel"] [data-testid="error"]').first().waitFor(SLOW);
    await expectNoError('evidence of a node (nodeEvidence)');
    const excerpts = await page.getByTestId('evidence-excerpt').allTextContents();
    expect(excerpts.join('\n')).toMatch(/064 123 4567|\+381 64 123 4567/);
    expect(await page.locator('[data-testid="evidence-excerpt"] mark').count()).toBeGreaterThan(0);
    const hashes = await page.getByTestId('evidence-sha256').evaluateAll((hs) => hs.map((h) => h.getAttribute('data-full')));
    expect(hashes).toContain(sha256(CHAT));
    expect(hashes).toContain(sha256(ADS));
    expect(drawnShare(await page.getByTestId('graph-canvas').screenshot()), 'the graph is still drawn with a node selected').toBeGreaterThan(0.005);
    await shot('graph');

    // The phone's timeline: the chat message and both ads on one axis.
    await page.getByTestId('open-timeline').click();
    await page.locator('.view-pane:not(.inactive) [data-testid="timeline-svg"], .view-pane:not(.inactive) [data-testid="error"]').first().waitFor(SLOW);
    await expectNoError('timeline');
    expect(await page.getByTestId('timeline-dot').count()).toBeGreaterThanOrEqual(3);
    const before = await page.getByTestId('timeline-dot').count();
    await page.getByTestId('timeline-zoom-in').click();
    expect(await page.getByTestId('timeline-dot').count()).toBeLessThanOrEqual(before);
    await shot('timeline');
  }, 120_000);

  it('runs a wallet trace and lists it among the saved traces', async () => {
    await page.keyboard.press('Alt+6');
    await page.getByTestId('trace-address').fill(SEED);
    await page.getByTestId('trace-model').selectOption('haircut');
    await page.getByTestId('trace-run').click();
    await page.getByTestId('trace-result').waitFor(SLOW);
    const nodes = await page.getByTestId('trace-node').allTextContents();
    expect(nodes.join('\n')).toContain('TGC4865RMHi8qx3aDCstBwMChzAu6WBfoX');
    expect(nodes.length).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('trace-fingerprint').textContent()).toMatch(/\S{16,}/);
    expect(await page.locator('[data-testid="trace-flow"] .flow-node').count()).toBe(nodes.length);
    await expectNoError('saved traces (listTraces)');
    await expect.poll(() => page.locator('[data-testid="saved-traces"] tbody tr').count(), SLOW).toBeGreaterThan(0);
    await shot('trace');
  }, 120_000);

  it('accepts a suggestion and the decision reaches the audit log', async () => {
    await page.keyboard.press('Alt+5');
    await expect.poll(() => page.locator('[data-testid="suggestion"][data-status="open"]').count(), SLOW).toBeGreaterThan(0);
    const open = await page.locator('[data-testid="suggestion"][data-status="open"]').count();
    await page.getByTestId('suggestion-note').fill('same photo in both ads');
    await page.getByTestId('suggestion-accept').first().click();
    await expect.poll(() => page.locator('[data-testid="suggestion"][data-status="open"]').count(), SLOW).toBe(open - 1);
    await shot('suggestions');
    await page.getByTestId('suggestion-status').selectOption('accepted');
    await expect.poll(() => page.locator('[data-testid="suggestion"][data-status="accepted"]').count(), SLOW).toBe(1);

    await page.keyboard.press('Alt+8');
    await expect.poll(async () => (await page.getByTestId('audit-table').textContent()) ?? '', SLOW).toContain('suggestion.accepted');
    await shot('audit');
  }, 120_000);

  it('flags a victim: the pseudonym V-001 replaces the name, and a logged reveal shows it only in the view', async () => {
    // Ana, who answered the job offer, is selected in the graph and flagged from the evidence panel.
    await page.keyboard.press('Alt+3');
    await page.getByTestId('graph-search').fill('Ana');
    // (a wallet whose address holds "ana" matches too: take the account)
    await page.locator('[data-testid^="graph-result-"]').filter({ hasText: /^Ana/ }).click();
    await page.getByTestId('flag-victim').click();
    await expect.poll(async () => (await page.getByTestId('evidence-panel').textContent()) ?? '', SLOW).toContain('V-001');
    await page.getByTestId('graph-search').fill('');
    await page.keyboard.press('Alt+7');
    await page.locator('.view-pane:not(.inactive) [data-testid="victim-row"], .view-pane:not(.inactive) [data-testid="error"]').first().waitFor(SLOW);
    await expectNoError('flag a victim (flagVictim/listVictims)');
    expect(await page.getByTestId('victim-row').first().textContent()).toContain('V-001');
    const visible = () => page.locator('.view-pane:not(.inactive)').innerText();
    expect(await visible()).not.toMatch(/\bAna\b/);
    await shot('victims');

    // The graph shows the pseudonym too: searching the name finds nothing named Ana.
    await page.keyboard.press('Alt+3');
    await page.getByTestId('graph-search').fill('V-001');
    await expect.poll(async () => (await page.getByTestId('graph-search-results').textContent()) ?? '', SLOW).toContain('V-001');
    expect(await page.getByTestId('graph-search-results').textContent()).not.toMatch(/\bAna\b/);
    await page.getByTestId('graph-search').fill('');

    await page.keyboard.press('Alt+7');
    await page.getByTestId('victim-reveal').first().click();
    await page.getByTestId('reveal-reason').fill('Prosecutor requested the identity for the indictment');
    await page.getByTestId('reveal-submit').click();
    await expect.poll(async () => (await page.getByTestId('victim-identity').first().textContent()) ?? '', SLOW).toMatch(/Ana/);
    // Leaving the view hides the identity again.
    await page.keyboard.press('Alt+1');
    await page.keyboard.press('Alt+7');
    await expect.poll(async () => (await page.getByTestId('victim-identity').first().textContent()) ?? '').not.toMatch(/Ana/);
    await page.keyboard.press('Alt+8');
    await expect.poll(async () => (await page.getByTestId('audit-table').textContent()) ?? '', SLOW).toMatch(/victim\.revealed|victim\.reveal/);
  }, 120_000);

  it('saves the case settings, switches theme and language, shows the shortcut help, and logged no console problems', async () => {
    await page.keyboard.press('Alt+1');
    // Ctrl+Shift+V verifies from anywhere: every source hash and the audit chain (with the reveal and the merge) hold.
    await page.keyboard.press('Control+Shift+V');
    await page.getByTestId('verify-result').waitFor(SLOW);
    expect(await page.getByTestId('verify-result').getAttribute('data-ok')).toBe('true');
    await page.getByTestId('settings-timezone').fill('Europe/Vienna');
    await page.getByTestId('settings-save').click();
    await page.locator('[data-testid="settings-saved"], [data-testid="settings-form"] [data-testid="error"]').first().waitFor(SLOW);
    await expectNoError('case settings (updateSettings)');
    expect(await page.getByTestId('case-file').isVisible()).toBe(true);

    await page.getByTestId('theme-toggle').click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByTestId('language').selectOption('bs');
    expect(await page.getByTestId('tab-victims').textContent()).toContain('Žrtve');
    await shot('case-dark-bs');
    await page.keyboard.press('Shift+?');
    await page.getByTestId('shortcut-help').waitFor();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('shortcut-help').count()).toBe(0);
    await page.getByTestId('language').selectOption('en');
    await page.getByTestId('theme-toggle').click();
    // Reloading keeps the theme and the language.
    expect(await page.evaluate(() => [localStorage.getItem('nitka.theme'), localStorage.getItem('nitka.language')])).toEqual(['light', 'en']);
  }, 120_000);
});
