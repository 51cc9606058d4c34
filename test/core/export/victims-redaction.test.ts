import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, type CaseApi, type ExportFormat } from '../../../shared/api/contract';
import { NodeCaseService, inProcessCaseApi } from '../../../electron/core/case-service';
import { unwrap } from '../../../shared/result';
import { decodePackage } from '../../../workers/export/package-format';
import { makeTempDir } from '../../helpers/tmp';
import { exportedText } from './export-texts';
import fs from 'node:fs';

const CHAT = path.join(import.meta.dirname, '../../fixtures/export/WhatsApp Chat with Mira Kovačević.txt');
const PACKAGE_PASSPHRASE = 'agreed-with-partner';
/** The flagged person's name and phone as they are written in the evidence and in canonical form. */
const NAME_FORMS = ['Mira Kovačević', 'Kovačević', 'Kovacevic', 'KOVAČEVIĆ'];
const PHONE_FORMS = ['+381635551234', '+381 63 555 1234', '063/555-1234', '0635551234', '635551234', '63 555 1234'];

describe('victims in exports', () => {
  let dir: string;
  let cleanup: () => void;
  let service: NodeCaseService;
  let api: CaseApi;

  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDir('nitka-export-victims-'));
    service = new NodeCaseService({ host: 'in-process' });
    api = inProcessCaseApi(service);
    unwrap(await api.createCase({ path: path.join(dir, 'case.nitka'), passphrase: 'case-pass' }));
    unwrap(await api.ingestFile({ path: CHAT, exhibit: 'EX-7' }));
    const graph = unwrap(await api.graph());
    const account = graph.nodes.find((n) => n.kind === 'account' && n.label === 'Mira Kovačević')!;
    unwrap(await api.flagVictim({ node: account.id, note: 'recruited with a false job offer' }));
    // Her number is flagged too unless flagging the account already covered it.
    const phone = unwrap(await api.graph()).nodes.find((n) => n.id === graph.nodes.find((m) => m.value === '+381635551234')!.id)!;
    if (phone.victim === null) unwrap(await api.flagVictim({ node: phone.id }));
  }, 60_000);
  afterAll(async () => {
    await service.closeCase();
    cleanup();
  });

  const exportAll = async (reveal: boolean) => {
    const texts = new Map<ExportFormat, string>();
    for (const format of EXPORT_FORMATS) {
      const out = path.join(dir, `${reveal ? 'revealed' : 'redacted'}.${format}`);
      const r = unwrap(await api.exportCase({ format, out, revealVictims: reveal, ...(format === 'package' ? { passphrase: PACKAGE_PASSPHRASE } : {}) }));
      expect(r.redactedVictims, format).toBe(reveal ? 0 : r.redactedVictims);
      if (!reveal) expect(r.redactedVictims, format).toBeGreaterThanOrEqual(1);
      texts.set(format, exportedText(format, r.files.map((f) => f.path), PACKAGE_PASSPHRASE));
    }
    return texts;
  };

  it('by default no byte of any format names the victim or her phone in any written form', async () => {
    const texts = await exportAll(false);
    for (const [format, text] of texts) {
      for (const form of [...NAME_FORMS, ...PHONE_FORMS]) expect(text.includes(form), `${format} contains "${form}"`).toBe(false);
      expect(text, format).toContain('V-00');
    }
    // The chat's original bytes name her, and cannot be redacted without breaking their hash: withheld.
    const pkg = decodePackage(fs.readFileSync(path.join(dir, 'redacted.package')), PACKAGE_PASSPHRASE);
    expect(pkg.sources).toHaveLength(0);
    expect(pkg.manifest.withheld).toHaveLength(1);
    expect(pkg.manifest.withheld[0]!.reason).toMatch(/victim/);
  }, 120_000);

  it('--reveal-victims writes them, and the audit log says so', async () => {
    const texts = await exportAll(true);
    for (const [format, text] of texts) {
      expect(text.includes('Kovačević'), `${format} lacks the name`).toBe(true);
      expect(PHONE_FORMS.some((f) => text.includes(f)), `${format} lacks the phone`).toBe(true);
    }
    const log = unwrap(await api.auditLog({}));
    const exports = log.filter((e) => e.action === 'export');
    expect(exports).toHaveLength(2 * EXPORT_FORMATS.length);
    const revealed = exports.filter((e) => e.details.revealVictims === true);
    expect(revealed).toHaveLength(EXPORT_FORMATS.length);
    expect(revealed[0]!.details.revealed).toEqual(expect.arrayContaining(['V-001']));
    // The log of an export records hashes, never the victim's identity.
    expect(JSON.stringify(exports)).not.toContain('Kovačević');
    expect(unwrap(await api.verify()).ok).toBe(true);
  }, 120_000);

  it('a partner case importing a package made with victims revealed protects them too', async () => {
    const partner = new NodeCaseService({ host: 'in-process' });
    const b = inProcessCaseApi(partner);
    try {
      unwrap(await b.createCase({ path: path.join(dir, 'partner.nitka'), passphrase: 'partner' }));
      // The partner's own tip comes first, so its sources (and the accounts read from them) are numbered differently.
      unwrap(await b.addSource({ fileName: 'tip.txt', bytes: new TextEncoder().encode('Dojava: djevojka sa brojem 063 555 1234 traži pomoć.\n'), format: 'raw' }));
      const r = unwrap(await b.importPackage({ path: path.join(dir, 'revealed.package'), passphrase: PACKAGE_PASSPHRASE }));
      expect(r.sources).toBe(1);
      const victims = unwrap(await b.listVictims());
      expect(victims.length).toBe(2);
      const shown = JSON.stringify([r, unwrap(await b.graph()), unwrap(await b.listMessages({}))]);
      for (const form of ['Kovačević', '+381635551234', '063/555-1234']) expect(shown.includes(form), form).toBe(false);
      expect(unwrap(await b.verify()).ok).toBe(true);
    } finally {
      await partner.closeCase();
    }
  }, 60_000);
});
