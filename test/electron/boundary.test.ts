import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((d) => {
    const rel = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(rel);
    return /\.(ts|tsx|mjs)$/.test(d.name) ? [rel] : [];
  });
}

describe('the Electron boundary', () => {
  it("only the adapter imports 'electron' or touches ipcMain/ipcRenderer", () => {
    const offenders = ['shared', 'workers', 'electron', 'renderer']
      .flatMap((d) => (fs.existsSync(path.join(root, d)) ? sourceFiles(d) : []))
      .filter((f) => !f.startsWith(path.join('electron', 'main')) && !f.startsWith(path.join('electron', 'preload')))
      .filter((f) => /from ['"]electron['"]|require\(['"]electron['"]\)|\bipc(Main|Renderer)\./.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('keeps the adapter thin', () => {
    const lines = [...sourceFiles(path.join('electron', 'main')), ...sourceFiles(path.join('electron', 'preload'))]
      .map((f) => fs.readFileSync(path.join(root, f), 'utf8').split('\n').length)
      .reduce((a, b) => a + b, 0);
    expect(lines).toBeLessThan(400);
  });
});
