import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodePackage, encodePackage, sealPackage, sha256Hex, type PackageManifest } from '../../../workers/export/package-format';
import { sampleModel } from './model-fixture';

/** Cheap key derivation for tests; the format records the parameters, so decoding needs no hint. */
const FAST = { logN: 12, r: 8, p: 1 };
const manifest: Omit<PackageManifest, 'items'> = {
  format: 'nitka-exchange-package', version: 1, caseId: 'case-a', caseName: 'Case A', exporter: 'a@h', exportedAt: '2024-05-01T00:00:00.000Z', nitkaVersion: '0.1.0', view: null, victimsRevealed: false, withheld: [],
};
const evidence = strToU8('timestamp_utc,from,to\n2024-03-12T20:31:07Z,TA,TG\n');

describe('the exchange package', () => {
  it('round-trips: manifest with every item’s SHA-256, the model, the original bytes', () => {
    const data = encodePackage(manifest, sampleModel(), [{ sourceId: 2, fileName: 'wallets.csv', exhibit: 'EX-2', bytes: evidence }], 'correct horse', FAST);
    expect(Buffer.from(data.subarray(0, 8)).toString('latin1')).toBe('NITKAPKG');
    expect(Buffer.from(data).includes(Buffer.from('wallets.csv'))).toBe(false);
    const p = decodePackage(data, 'correct horse');
    expect(p.manifest.items.map((i) => i.path)).toEqual(['model.json', `sources/${sha256Hex(evidence)}`]);
    expect(p.sources[0]!.item).toMatchObject({ fileName: 'wallets.csv', exhibit: 'EX-2', sha256: sha256Hex(evidence) });
    expect(Buffer.from(p.sources[0]!.bytes).equals(Buffer.from(evidence))).toBe(true);
    expect(p.model.case.name).toBe(sampleModel().case.name);
  });

  it('refuses a wrong passphrase and any changed byte, header included', () => {
    const data = encodePackage(manifest, sampleModel(), [], 'correct horse', FAST);
    expect(() => decodePackage(data, 'wrong horse')).toThrow(/wrong passphrase, or the package was altered/);
    for (const at of [10, 30, data.length - 40]) {
      const bad = new Uint8Array(data);
      bad[at] = bad[at]! ^ 1;
      expect(() => decodePackage(bad, 'correct horse'), `byte ${at}`).toThrow(/wrong passphrase|altered|implausible/);
    }
    expect(() => decodePackage(strToU8('PK not a package at all, just some bytes here'), 'x')).toThrow(/not a Nitka exchange package/);
  });

  it('names the item whose bytes do not match the manifest, even when sealed with the right passphrase', () => {
    const model = strToU8(JSON.stringify(sampleModel()));
    const items = [
      { path: 'model.json', kind: 'model', sha256: sha256Hex(model), bytes: model.length },
      { path: 'sources/x', kind: 'source', sha256: sha256Hex(evidence), bytes: evidence.length, fileName: 'wallets.csv' },
    ];
    const tampered = strToU8('timestamp_utc,from,to\n2024-03-12T20:31:07Z,TA,TX\n');
    const zip = zipSync({ 'manifest.json': strToU8(JSON.stringify({ ...manifest, items })), 'model.json': model, 'sources/x': tampered });
    expect(() => decodePackage(sealPackage(zip, 'pw', FAST), 'pw')).toThrow(/sources\/x \('wallets.csv'\) does not match the manifest.*nothing was imported/);
    const extra = zipSync({ 'manifest.json': strToU8(JSON.stringify({ ...manifest, items: items.slice(0, 1) })), 'model.json': model, 'sources/x': evidence });
    expect(() => decodePackage(sealPackage(extra, 'pw', FAST), 'pw')).toThrow(/which the manifest does not list/);
  });
});
