import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const config = parse(fs.readFileSync(fileURLToPath(new URL('../../electron-builder.yml', import.meta.url)), 'utf8')) as Record<string, unknown>;
const targetsOf = (os: string) => ((config[os] as { target: unknown[] }).target ?? []).map((t) => (typeof t === 'string' ? t : (t as { target: string }).target));

// electron-builder cannot run here (it downloads Electron), so its configuration is checked by shape.
describe('electron-builder.yml', () => {
  it('builds AppImage and deb, NSIS and dmg', () => {
    expect(targetsOf('linux')).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(targetsOf('win')).toContain('nsis');
    expect(targetsOf('mac')).toContain('dmg');
  });

  it('packs into an asar but unpacks the native SQLCipher module and the database worker', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3-multiple-ciphers/**', 'dist/electron/store.worker.js', 'dist/electron/ingest.worker.js']));
    expect(config.npmRebuild).toBe(true);
  });

  it('ships the bundles the Electron entry points at', () => {
    const pkg = JSON.parse(fs.readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { main: string };
    expect((config.extraMetadata as { main: string }).main).toBe(pkg.main);
    expect(config.files).toEqual(expect.arrayContaining(['dist/electron/**', 'dist/renderer/**']));
  });

  it('sets the fuses that close Node-level backdoors', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
