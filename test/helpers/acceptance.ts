import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared acceptance samples (../shared/acceptance beside this checkout, or
 * NITKA_ACCEPTANCE_DIR). They are not ours to copy into the repo, so tests read them in place.
 */
export const ACCEPTANCE_DIR = process.env.NITKA_ACCEPTANCE_DIR ?? fileURLToPath(new URL('../../../shared/acceptance', import.meta.url));

export const hasAcceptanceData = fs.existsSync(ACCEPTANCE_DIR);

export function acceptancePath(...parts: string[]): string {
  return path.join(ACCEPTANCE_DIR, ...parts);
}
