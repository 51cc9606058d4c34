import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { CaseApiContract, ExportResult, ImportPackageResult } from '../../../shared/api/contract';
import { NitkaError } from '../../../shared/result';
import { writeAnx } from '../../../workers/export/anx';
import { writeCsv } from '../../../workers/export/csv';
import type { ExportModel, ExportSource } from '../../../workers/export/export-model';
import { writeFtm } from '../../../workers/export/ftm';
import { writeGexf } from '../../../workers/export/gexf';
import { writeGraphml } from '../../../workers/export/graphml';
import { decodePackage, encodePackage, sha256Hex, type PackageManifest } from '../../../workers/export/package-format';
import { writeReportHtml } from '../../../workers/export/report-html';
import type { StoreClient } from '../store/store-client';

type ExportInput = z.output<CaseApiContract['exportCase']['input']>;
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Refuses to overwrite: an export next to evidence must never replace a file silently. */
function checkTarget(file: string, label: string): void {
  if (fs.existsSync(file)) throw new NitkaError('exists', `${label}: ${file} exists already; choose a new path (exports never overwrite)`, { path: file });
  const dir = path.dirname(file);
  if (!fs.existsSync(dir)) throw new NitkaError('bad_input', `${label}: the folder ${dir} does not exist`, { path: file });
}

/** The files one format makes from the model, as (path, bytes). */
async function render(client: StoreClient, input: ExportInput, model: ExportModel, out: string, auditHead: { seq: number; hash: string } | null): Promise<{ files: Array<{ path: string; bytes: Uint8Array }>; withheld: PackageManifest['withheld'] }> {
  const one = (bytes: Uint8Array) => ({ files: [{ path: out, bytes }], withheld: [] });
  switch (input.format) {
    case 'graphml':
      return one(utf8(writeGraphml(model)));
    case 'gexf':
      return one(utf8(writeGexf(model)));
    case 'anx':
      return one(utf8(writeAnx(model)));
    case 'ftm':
      return one(utf8(writeFtm(model)));
    case 'csv':
      return { files: writeCsv(model).map((f) => ({ path: path.join(out, f.name), bytes: f.bytes })), withheld: [] };
    case 'xlsx':
      // exceljs and playwright-core are loaded only when such an export is asked for: every CLI
      // command and every host start would otherwise pay for them in time and memory.
      return one(await (await import('../../../workers/export/xlsx')).writeXlsx(model));
    case 'html':
      return one(utf8(writeReportHtml(model, { auditHead })));
    case 'pdf':
      return one(await (await import('./pdf')).htmlToPdf(writeReportHtml(model, { auditHead }), `${model.case.name} — ${model.case.caseId} — ${model.exportedAt}`));
    case 'package': {
      if (!input.passphrase) throw new NitkaError('bad_input', 'a package is encrypted to a passphrase agreed with the partner agency: give one (at least 8 characters)');
      const withheld: PackageManifest['withheld'] = [];
      const included: Array<{ sourceId: number; fileName: string; exhibit: string | null; acquiredAt: string; readAs: ExportSource['readAs']; bytes: Uint8Array }> = [];
      for (const s of model.sources) {
        if (s.mentionsVictim && !model.victimsRevealed) {
          withheld.push({ sourceId: s.id, fileName: s.fileName, sha256: s.sha256, bytes: s.size, reason: 'evidence about a victim: the original bytes cannot be redacted without breaking their SHA-256' });
          continue;
        }
        included.push({ sourceId: s.id, fileName: s.fileName, exhibit: s.exhibit, acquiredAt: s.acquiredAt, readAs: s.readAs, bytes: await client.call('exportSourceBytes', s.id) });
      }
      const manifest: Omit<PackageManifest, 'items'> = {
        format: 'nitka-exchange-package',
        version: 1,
        caseId: model.case.caseId,
        caseName: model.case.name,
        exporter: model.exportedBy,
        exportedAt: model.exportedAt,
        nitkaVersion: model.nitkaVersion,
        view: model.view?.name ?? null,
        victimsRevealed: model.victimsRevealed,
        withheld,
      };
      return { files: [{ path: out, bytes: encodePackage(manifest, model, included, input.passphrase) }], withheld };
    }
  }
}

/**
 * Runs one export: the model from the database worker, the writer here, the files written
 * (never over existing ones), then one 'export' audit entry with the SHA-256 of every file.
 */
export async function runExport(client: StoreClient, input: ExportInput, actor: string): Promise<ExportResult> {
  if (input.passphrase !== undefined && input.format !== 'package') throw new NitkaError('bad_input', `a passphrase only goes with --format package (a ${input.format} export is not encrypted)`);
  const out = path.resolve(input.out);
  if (input.format === 'csv') {
    if (fs.existsSync(out) && (!fs.statSync(out).isDirectory() || fs.readdirSync(out).length > 0)) throw new NitkaError('exists', `csv: ${out} exists and is not an empty folder; choose a new one`, { path: out });
    if (!fs.existsSync(path.dirname(out))) throw new NitkaError('bad_input', `csv: the folder ${path.dirname(out)} does not exist`, { path: out });
  } else {
    checkTarget(out, input.format);
  }
  const { model, redactedVictims, auditHead } = await client.call('exportModel', { view: input.view, revealVictims: input.revealVictims }, actor);
  const { files, withheld } = await render(client, input, model, out, auditHead);
  if (input.format === 'csv') fs.mkdirSync(out, { recursive: true });
  const written: ExportResult['files'] = [];
  for (const f of files) {
    fs.writeFileSync(f.path, f.bytes, { flag: 'wx' });
    written.push({ path: f.path, sha256: sha256Hex(f.bytes), bytes: f.bytes.length });
  }
  const auditSeq = await client.call('recordExport', {
    format: input.format,
    view: model.view?.name ?? null,
    revealVictims: model.victimsRevealed,
    // With a reveal the log says whose identities left the case; their real values stay out of it.
    revealed: model.victimsRevealed ? model.victims.map((v) => v.pseudonym) : [],
    redactedVictims,
    nodes: model.nodes.length,
    edges: model.edges.length,
    sources: model.sources.length,
    withheld: withheld.map((w) => ({ sourceId: w.sourceId, sha256: w.sha256 })),
    files: written.map((f) => ({ path: f.path, sha256: f.sha256, bytes: f.bytes })),
  }, actor);
  return { format: input.format, files: written, nodes: model.nodes.length, edges: model.edges.length, redactedVictims, auditSeq };
}

/**
 * Imports a partner's package: read, decrypt, authenticate and check every item's SHA-256
 * here (nothing is written if any check fails), then store it in one transaction in the worker.
 */
export async function runImport(client: StoreClient, input: z.output<CaseApiContract['importPackage']['input']>, actor: string): Promise<ImportPackageResult> {
  const file = path.resolve(input.path);
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new NitkaError('bad_input', `${input.path}: cannot read the package: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`, { path: input.path });
  }
  const contents = decodePackage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), input.passphrase, path.basename(file));
  return client.call('importPackage', contents, { sha256: createHash('sha256').update(data).digest('hex'), fileName: path.basename(file) }, actor);
}
