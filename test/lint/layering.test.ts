import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** Lints `code` as if it lived at `file` and returns the restricted-import messages. */
async function violations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layering rule of CONVENTIONS.md', () => {
  it.each([
    ['shared/x.ts', "import { CaseStore } from '../electron/core/store/case-store';"],
    ['shared/x.ts', "import { App } from '../renderer/src/App';"],
    ['shared/x.ts', "import fs from 'node:fs';"],
    ['workers/x.ts', "import { CaseStore } from '../electron/core/store/case-store';"],
    ['electron/core/x.ts', "import { ipcMain } from 'electron';"],
    ['electron/core/x.ts', "import { startLoopbackHost } from '../host/loopback-host';"],
    ['electron/host/x.ts', "import { BrowserWindow } from 'electron';"],
    ['electron/cli/x.ts', "import { registerCaseIpc } from '../main/ipc';"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';"],
    ['renderer/src/x.ts', "import { NodeCaseService } from '../../electron/core/case-service';"],
    ['renderer/src/x.ts', "import os from 'node:os';"],
  ])('forbids in %s: %s', async (file, code) => {
    expect(await violations(file, code)).not.toEqual([]);
  });

  it.each([
    ['electron/core/x.ts', "import { dispatch } from '../../shared/api/dispatch';"],
    ['electron/host/x.ts', "import { NodeCaseService } from '../core/case-service';"],
    ['electron/main/x.ts', "import { ipcMain } from 'electron';"],
    ['electron/preload/x.ts', "import { contextBridge } from 'electron';"],
    ['renderer/src/x.ts', "import { caseApiMethods } from '../../shared/api/methods';"],
    ['workers/x.ts', "import { canonicalJson } from '../shared/canonical-json';"],
  ])('allows in %s: %s', async (file, code) => {
    expect(await violations(file, code)).toEqual([]);
  });
});
