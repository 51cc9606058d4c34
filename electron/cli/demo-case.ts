import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceFormat } from '../../shared/api/contract';
import { unwrap } from '../../shared/result';
import { NodeCaseService, inProcessCaseApi } from '../core/case-service';

export const DEMO_PASSPHRASE = 'demo';
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const DEMO_EVIDENCE_DIR = path.join(repoRoot, 'test', 'fixtures', 'demo');

/** Every demo file is detected by its content; a file here would be forced to a format. */
const FORMATS: Record<string, SourceFormat> = {};

/** Builds the fictional demo case from test/fixtures/demo, unless it exists already. */
export async function buildDemoCase(casePath: string): Promise<void> {
  if (fs.existsSync(casePath)) return;
  const service = new NodeCaseService({ host: 'in-process' });
  const api = inProcessCaseApi(service);
  try {
    unwrap(await api.createCase({ path: casePath, passphrase: DEMO_PASSPHRASE, name: 'Demo: Operacija Kolo' }));
    const files = fs.readdirSync(DEMO_EVIDENCE_DIR).filter((f) => f !== 'README.md').sort();
    for (const [i, f] of files.entries()) {
      unwrap(await api.ingestFile({ path: path.join(DEMO_EVIDENCE_DIR, f), exhibit: `DEMO-${i + 1}`, note: 'fictional demo evidence', format: FORMATS[f] ?? 'auto' }));
    }
  } finally {
    await service.closeCase();
  }
}
