import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bs } from '../../renderer/src/i18n/bs';
import { en } from '../../renderer/src/i18n/en';
import { errorKinds } from '../../shared/result';
import { RENDERER_CSP } from '../../shared/csp';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('renderer catalogs', () => {
  it('BHS has every English key, with the same placeholders, and is really translated', () => {
    expect(Object.keys(bs).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      expect(placeholders(bs[key as keyof typeof en]), key).toEqual(placeholders(text));
    }
    const same = Object.keys(en).filter((k) => bs[k as keyof typeof en] === en[k as keyof typeof en] && !/\{file\}: \{message\}|^Nitka$|^SHA-256$|^#$|^URL$|^IBAN$/.test(en[k as keyof typeof en]));
    expect(same).toEqual([]);
  });

  it('has a headline for every error kind', () => {
    for (const kind of errorKinds) expect(en).toHaveProperty(`error.${kind}`);
  });
});

describe('renderer index.html', () => {
  it('carries the renderer CSP as a meta tag (minus frame-ancestors, which meta cannot set)', () => {
    const html = fs.readFileSync(fileURLToPath(new URL('../../renderer/index.html', import.meta.url)), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    const expected = RENDERER_CSP.split('; ').filter((d) => !d.startsWith('frame-ancestors')).sort();
    expect(meta?.split('; ').sort()).toEqual(expected);
    expect(html).not.toMatch(/<script>(?!<\/script>)|<style>|https?:\/\//);
  });
});
