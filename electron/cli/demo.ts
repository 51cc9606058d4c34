// `npm run demo`: builds the bundled demo case (once) and serves it on 127.0.0.1, so a newcomer
// sees Nitka working in one command without the Electron binary.
import { fileURLToPath } from 'node:url';
import { buildDemoCase, DEMO_PASSPHRASE } from './demo-case';
import { runCli } from './main';

const demoCase = fileURLToPath(new URL('../../demo.nitka', import.meta.url));

await buildDemoCase(demoCase);
process.stdout.write(`Demo case: ${demoCase}\nPassphrase: ${DEMO_PASSPHRASE}\n`);
process.exitCode = await runCli(['serve', demoCase, ...process.argv.slice(2)]);
