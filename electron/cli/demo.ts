// `npm run demo`: builds the bundled demo case (once) and serves it on 127.0.0.1, so a newcomer
// sees Nitka working in one command without the Electron binary.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unwrap } from '../../shared/result';
import { NodeCaseService, inProcessCaseApi } from '../core/case-service';
import { runCli } from './main';

export const DEMO_PASSPHRASE = 'demo';
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const demoEvidenceDir = path.join(repoRoot, 'test', 'fixtures', 'demo');
const demoCase = path.join(repoRoot, 'demo.nitka');

async function ensureDemoCase(): Promise<void> {
  if (fs.existsSync(demoCase)) return;
  const service = new NodeCaseService({ host: 'in-process' });
  const api = inProcessCaseApi(service);
  try {
    unwrap(await api.createCase({ path: demoCase, passphrase: DEMO_PASSPHRASE, name: 'Demo: Operacija Kolo' }));
    const files = fs.readdirSync(demoEvidenceDir).filter((f) => f !== 'README.md').sort();
    for (const [i, f] of files.entries()) {
      unwrap(await api.ingestFile({ path: path.join(demoEvidenceDir, f), exhibit: `DEMO-${i + 1}`, note: 'fictional demo evidence' }));
    }
  } finally {
    await service.closeCase();
  }
}

await ensureDemoCase();
process.stdout.write(`Demo case: ${demoCase}\nPassphrase: ${DEMO_PASSPHRASE}\n`);
process.exitCode = await runCli(['serve', demoCase, ...process.argv.slice(2)]);
