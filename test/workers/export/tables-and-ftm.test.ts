import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { csvField, writeCsv } from '../../../workers/export/csv';
import { redactStrings } from '../../../workers/export/export-model';
import { FTM_SCHEMATA, writeFtm } from '../../../workers/export/ftm';
import { writeReportHtml } from '../../../workers/export/report-html';
import { reportStrings } from '../../../workers/export/report-strings';
import { writeXlsx } from '../../../workers/export/xlsx';
import { sampleModel } from './model-fixture';

describe('tables', () => {
  it('CSV follows RFC 4180 (quotes doubled, fields with commas or line breaks quoted, CRLF) and starts with a UTF-8 BOM', () => {
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField(null)).toBe('');
    const files = writeCsv(sampleModel());
    expect(files.map((f) => f.name)).toEqual(['nodes.csv', 'edges.csv', 'evidence.csv', 'sources.csv', 'traces.csv', 'audit.csv']);
    const evidence = new TextDecoder('utf-8', { ignoreBOM: true }).decode(files[2]!.bytes);
    expect(evidence.startsWith('\uFEFFlink_id,source_id,file_name,sha256')).toBe(true);
    expect(evidence).toContain('"chat ""A&B"".txt"');
    expect(evidence).toContain('"Piši mi, važi, a ""quoted"", line\nbreak"');
    expect(evidence.split('\r\n').length).toBeGreaterThan(5);
  });

  it('XLSX holds the same sheets, phone-like and formula-like text as strings', async () => {
    const model = sampleModel();
    model.nodes[1]!.label = '=HYPERLINK("x")';
    const zip = unzipSync(await writeXlsx(model));
    const workbook = strFromU8(zip['xl/workbook.xml']!);
    for (const sheet of ['nodes', 'edges', 'evidence', 'sources', 'traces', 'audit']) expect(workbook).toContain(`name="${sheet}"`);
    const all = Object.values(zip).map((b) => strFromU8(b)).join('\n');
    expect(all).not.toContain('<f>');
    expect(all).toContain('=HYPERLINK(&quot;x&quot;)');
  });
});

describe('FollowTheMoney', () => {
  it('uses only real schema names; a victim’s phone carries only its pseudonym, never a typed phone property', () => {
    const entities = writeFtm(sampleModel()).trim().split('\n').map((l) => JSON.parse(l) as { id: string; schema: string; properties: Record<string, string[]> });
    for (const e of entities) expect(FTM_SCHEMATA as readonly string[]).toContain(e.schema);
    const byNote = (s: string) => entities.find((e) => e.properties.notes?.some((n) => n.includes(s)))!;
    const victimPhone = byNote('V-001 phone 1');
    expect(victimPhone.schema).toBe('LegalEntity');
    expect(victimPhone.properties.phone).toBeUndefined();
    expect(byNote('person:1').schema).toBe('Person');
    expect(entities.find((e) => e.schema === 'CryptoWallet' && e.properties.publicKey?.[0] === 'TAQsTw1gukJNrrwPXa8DDsHzDX3qD9U1oE')).toBeDefined();
    const paid = entities.find((e) => e.schema === 'UnknownLink' && e.properties.role?.[0] === 'paid')!;
    expect(paid.properties.recordId!.join(' ')).toContain('b'.repeat(64));
    // Two people would be Associates; a message sent in a chat becomes a Message with its sender account.
    expect(entities.some((e) => e.schema === 'Message' && e.properties.senderAccount !== undefined)).toBe(true);
  });
});

describe('redaction and the report', () => {
  it('redactStrings rewrites every string but hashes and fingerprints', () => {
    const model = redactStrings(sampleModel(), (s) => s.replace(/a/g, '*'));
    expect(model.sources[0]!.sha256).toBe('a'.repeat(64));
    expect(model.case.name).toBe('Test <c*se> & "co"');
    expect(model.audit[0]!.details.note).toBe('s*me writing style');
    expect(model.traces[0]!.fingerprint).toBe('f'.repeat(64));
  });

  it('the HTML report is self-contained and in the case language', () => {
    const html = writeReportHtml(sampleModel({ case: { ...sampleModel().case, language: 'bs' } }));
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).not.toMatch(/(src|href)=/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain(reportStrings('bs').sources);
    expect(html).toContain(`${'a'.repeat(64)}</span> chat &quot;A&amp;B&quot;.txt`);
    expect(html).toContain('<svg');
    expect(reportStrings('sq').title).toBe(reportStrings('en').title);
  });
});
