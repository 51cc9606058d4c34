/**
 * BHS Latin (gajica) to Serbian Cyrillic, letter by letter, so that the Serbian Cyrillic catalog is
 * derived from the reviewed BHS one instead of drifting as a second hand-kept copy. Placeholders
 * ({file}), acronyms written in capitals (SHA-256, URL, USDT) and anything inside `backticks` stay
 * as they are: they are names, not words.
 */
const DIGRAPHS: Record<string, string> = { lj: 'љ', nj: 'њ', dž: 'џ', Lj: 'Љ', LJ: 'Љ', Nj: 'Њ', NJ: 'Њ', Dž: 'Џ', DŽ: 'Џ' };
const LETTERS: Record<string, string> = {
  a: 'а', b: 'б', c: 'ц', č: 'ч', ć: 'ћ', d: 'д', đ: 'ђ', e: 'е', f: 'ф', g: 'г', h: 'х', i: 'и', j: 'ј', k: 'к', l: 'л', m: 'м',
  n: 'н', o: 'о', p: 'п', r: 'р', s: 'с', š: 'ш', t: 'т', u: 'у', v: 'в', z: 'з', ž: 'ж',
};

function word(w: string): string {
  // An acronym or a code (SHA-256, CSV, V-001): kept, as Serbian Cyrillic texts keep them.
  if (/^[A-ZČĆĐŠŽ0-9-]{2,}$/.test(w) || /\d/.test(w)) return w;
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const two = w.slice(i, i + 2);
    if (DIGRAPHS[two]) {
      out += DIGRAPHS[two];
      i += 1;
      continue;
    }
    const c = w.charAt(i);
    const lower = c.toLowerCase();
    const cyr = LETTERS[lower];
    out += cyr === undefined ? c : c === lower ? cyr : cyr.toUpperCase();
  }
  return out;
}

/** Serbian Cyrillic for a BHS Latin UI string; placeholders, acronyms and `code` untouched. */
export function latinToCyrillic(text: string): string {
  return text
    .split(/(\{\w+\}|`[^`]*`|[\p{L}\p{N}-]+)/u)
    .map((part) => (/^\{\w+\}$|^`/.test(part) ? part : /^[\p{L}\p{N}-]+$/u.test(part) ? word(part) : part))
    .join('');
}
