import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/tmp';
import { openRaw } from '../helpers/raw-db';
import { runNitka } from '../helpers/run-cli';

const PASS = 'x';

describe('nitka CLI', () => {
  let dir: string;
  let cleanup: () => void;
  let casePath: string;
  let evidence: string;

  beforeAll(() => {
    ({ dir, cleanup } = makeTempDir('nitka-cli-'));
    casePath = path.join(dir, 'a.nitka');
    evidence = path.join(dir, 'some.txt');
    fs.writeFileSync(evidence, 'Oglas: posao konobarice u Beču, smještaj plaćen. Viber +381 64 123 4567\n');
  });
  afterAll(() => cleanup());

  it('create → ingest --exhibit → verify prints OK; the file is not plain SQLite', async () => {
    const created = await runNitka(['create', casePath], { passphrase: PASS });
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`Created ${casePath}`);
    expect(fs.readFileSync(casePath).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');

    const ingested = await runNitka(['ingest', casePath, evidence, '--exhibit', 'E-1', '--note', 'seized 2024-03-14'], { passphrase: PASS });
    expect(ingested.code).toBe(0);
    const sha = createHash('sha256').update(fs.readFileSync(evidence)).digest('hex');
    expect(ingested.stdout).toContain(sha);

    const verified = await runNitka(['verify', casePath], { passphrase: PASS });
    expect(verified.code).toBe(0);
    expect(verified.stdout.split('\n')[0]).toBe('OK');
  });

  it('recognises the same bytes ingested twice', async () => {
    const copy = path.join(dir, 'copy-of-some.txt');
    fs.copyFileSync(evidence, copy);
    const again = await runNitka(['ingest', casePath, copy], { passphrase: PASS });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Already in case/);
    const list = await runNitka(['sources', casePath, '--json'], { passphrase: PASS });
    const sources = JSON.parse(list.stdout) as Array<Record<string, unknown>>;
    expect(sources).toHaveLength(1);
    expect(Object.keys(sources[0]!).sort()).toEqual(
      ['acquiredAt', 'exhibit', 'fileModifiedAt', 'fileName', 'id', 'ingestedAt', 'ingestedBy', 'note', 'originalPath', 'sha256', 'size'].sort(),
    );
    expect(sources[0]).toMatchObject({ fileName: 'some.txt', exhibit: 'E-1', note: 'seized 2024-03-14', originalPath: evidence });
  });

  it('prints the audit log, as text and as JSON', async () => {
    const text = await runNitka(['log', casePath], { passphrase: PASS });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/#1 .* case\.created/);
    const json = await runNitka(['log', casePath, '--json'], { passphrase: PASS });
    const entries = JSON.parse(json.stdout) as Array<{ seq: number; action: string; hash: string; prevHash: string }>;
    expect(entries.map((e) => e.action)).toEqual(['case.created', 'source.added', 'case.verified', 'source.duplicate']);
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
  });

  it('exits 2 with a clear message on a wrong passphrase, and changes nothing', async () => {
    const before = fs.readFileSync(casePath);
    const r = await runNitka(['sources', casePath], { passphrase: 'wrong' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`nitka: ${casePath}: wrong passphrase`);
    expect(r.stdout).toBe('');
    expect(fs.readFileSync(casePath).equals(before)).toBe(true);
  });

  it('exits 2 for a file that is not a case, a missing case and a missing evidence file', async () => {
    const r1 = await runNitka(['verify', evidence], { passphrase: PASS });
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain(evidence);
    const missing = path.join(dir, 'nope.nitka');
    const r2 = await runNitka(['sources', missing], { passphrase: PASS });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain(`${missing}: no such case file`);
    expect(fs.existsSync(missing)).toBe(false);
    const r3 = await runNitka(['ingest', casePath, path.join(dir, 'ghost.txt')], { passphrase: PASS });
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain(`${path.join(dir, 'ghost.txt')}: cannot read: no such file`);
  });

  it('exits 2 without a passphrase when there is no terminal to ask on', async () => {
    const r = await runNitka(['sources', casePath], { passphrase: null });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/NITKA_PASSPHRASE/);
  });

  it('refuses to create over an existing case (exit 2)', async () => {
    const r = await runNitka(['create', casePath], { passphrase: PASS });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already exists');
  });

  it('exits 2 on bad usage and 0 on --help for every command', async () => {
    expect((await runNitka(['frobnicate'])).code).toBe(2);
    expect((await runNitka(['ingest', casePath])).code).toBe(2);
    expect((await runNitka(['create', casePath, '--region', 'Serbia'], { passphrase: PASS })).code).toBe(2);
    const top = await runNitka(['--help']);
    expect(top.code).toBe(0);
    for (const cmd of ['create', 'ingest', 'sources', 'verify', 'log', 'serve']) {
      expect(top.stdout).toContain(cmd);
      const help = await runNitka([cmd, '--help']);
      expect(help.code, cmd).toBe(0);
      expect(help.stdout).toContain(`Usage: nitka ${cmd}`);
    }
  });

  it('reads a forensic CSV through a column mapping, saves it, and reuses it on the next table', async () => {
    const tableCase = path.join(dir, 'table.nitka');
    expect((await runNitka(['create', tableCase], { passphrase: PASS })).code).toBe(0);
    const first = path.join(dir, 'export-1.csv');
    fs.writeFileSync(first, 'Chat #,Timestamp: Time,From,Body\n1,14.03.2024 21:15:02,+381 64 123 4567,"Posao u Beču,\njavi se: posao.bec@gmail.com"\n1,14.03.2024 21:16:10,Marko,ok\n');
    const second = path.join(dir, 'export-2.csv');
    fs.writeFileSync(second, 'Chat #;Timestamp: Time;From;Body\n2;15.03.2024 08:00:00;Jelena;Plaćanje na RS35260005601001611379\n');

    const unmapped = await runNitka(['ingest', tableCase, first], { passphrase: PASS });
    expect(unmapped.code).toBe(2);
    expect(unmapped.stderr).toContain('export-1.csv: a message table needs a column mapping');
    expect(unmapped.stderr).toContain('"Chat #", "Timestamp: Time", "From", "Body"');

    const mapped = await runNitka(['ingest', tableCase, first, '--map', 'time=Timestamp: Time,sender=From,body=Body,chat=Chat #', '--save-mapping', 'cellebrite', '--json'], { passphrase: PASS });
    expect(mapped.code).toBe(0);
    expect(JSON.parse(mapped.stdout)[0].report).toMatchObject({ format: 'csv', messages: 2, accounts: 2, identifiers: 1, mappingName: 'cellebrite' });

    const reused = await runNitka(['ingest', tableCase, second, '--json'], { passphrase: PASS });
    expect(JSON.parse(reused.stdout)[0].report).toMatchObject({ format: 'csv', messages: 1, identifiers: 1, mappingName: 'cellebrite' });

    const saved = await runNitka(['mappings', tableCase, '--json'], { passphrase: PASS });
    expect(JSON.parse(saved.stdout)).toMatchObject([{ name: 'cellebrite', mapping: { time: 'Timestamp: Time', sender: 'From', body: 'Body', chat: 'Chat #' } }]);
    const byIban = await runNitka(['messages', tableCase, '--identifier', 'RS35260005601001611379', '--json'], { passphrase: PASS });
    expect(JSON.parse(byIban.stdout).map((m: { body: string }) => m.body)).toEqual(['Plaćanje na RS35260005601001611379']);
    const phones = await runNitka(['entities', tableCase, '--kind', 'account', '--json'], { passphrase: PASS });
    expect(JSON.parse(phones.stdout).map((e: { value: string }) => e.value)).toContain('csv:+381641234567');
    const log = await runNitka(['log', tableCase, '--json'], { passphrase: PASS });
    expect(JSON.parse(log.stdout).map((e: { action: string }) => e.action)).toEqual(['case.created', 'mapping.saved', 'source.added', 'source.added']);

    const missing = await runNitka(['ingest', tableCase, second, '--mapping', 'ufed'], { passphrase: PASS });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no saved column mapping is named "ufed"; saved: "cellebrite"');
    expect((await runNitka(['ingest', tableCase, second, '--map', 'when=Time'], { passphrase: PASS })).code).toBe(2);
  });

  it('verify exits 1 and names the entry after an edit behind Nitka\'s back', async () => {
    const raw = openRaw(casePath, PASS);
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare("UPDATE audit_log SET actor = 'someone-else@elsewhere' WHERE seq = 2").run();
    raw.close();
    const r = await runNitka(['verify', casePath], { passphrase: PASS });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAILED: audit entry #2 \(source\.added, .*\): content was altered/);
    const json = await runNitka(['verify', casePath, '--json'], { passphrase: PASS });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, problems: [{ target: 'audit', ref: 2 }] });
  });
});
