import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { ExportFormat } from '../../../shared/api/contract';
import { decodePackage } from '../../../workers/export/package-format';

/**
 * Everything a person could read out of an export, as text: the file itself, the XLSX unzipped,
 * the PDF's text (pdftotext), the package decrypted (model, manifest and every source's bytes).
 */
export function exportedText(format: ExportFormat, files: string[], passphrase?: string): string {
  const parts: string[] = [];
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    if (format === 'xlsx') {
      for (const [name, data] of Object.entries(unzipSync(bytes))) parts.push(`${name}\n${strFromU8(data)}`);
    } else if (format === 'pdf') {
      parts.push(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
      parts.push(bytes.toString('latin1'));
    } else if (format === 'package') {
      const p = decodePackage(bytes, passphrase!, path.basename(file));
      parts.push(JSON.stringify(p.manifest), JSON.stringify(p.model), ...p.sources.map((s) => Buffer.from(s.bytes).toString('utf8')));
    } else {
      parts.push(bytes.toString('utf8'));
    }
  }
  return parts.join('\n');
}
