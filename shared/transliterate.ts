/**
 * Serbian and Macedonian Cyrillic to Latin (gajica, with Macedonian letters), so that search and
 * matching treat "плаћање" and "plaćanje" alike. A fixed table: the scripts map letter by letter.
 */
const CYRILLIC_TO_LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', ђ: 'đ', е: 'e', ж: 'ž', з: 'z', и: 'i', ј: 'j', к: 'k', л: 'l', љ: 'lj', м: 'm',
  н: 'n', њ: 'nj', о: 'o', п: 'p', р: 'r', с: 's', т: 't', ћ: 'ć', у: 'u', ф: 'f', х: 'h', ц: 'c', ч: 'č', џ: 'dž', ш: 'š',
  ѓ: 'gj', ќ: 'kj', ѕ: 'dz', й: 'j', ы: 'y', э: 'e', ю: 'ju', я: 'ja', ь: '', ъ: '', щ: 'šč', ё: 'e',
};

const CYRILLIC = /[\u0400-\u04ff]/;

/** The Latin for each code point U+0400…U+04FF (upper case too), undefined where there is none. */
const TABLE: Array<string | undefined> = (() => {
  const table: Array<string | undefined> = new Array(0x100);
  for (const [cyr, lat] of Object.entries(CYRILLIC_TO_LATIN)) {
    table[cyr.charCodeAt(0) - 0x400] = lat;
    const upper = cyr.toUpperCase();
    if (upper !== cyr && upper.length === 1) table[upper.charCodeAt(0) - 0x400] = lat.charAt(0).toUpperCase() + lat.slice(1);
  }
  return table;
})();

/** Latin letters for any Serbian/Macedonian Cyrillic in `text`; everything else unchanged. */
export function cyrillicToLatin(text: string): string {
  // Most chat lines hold no Cyrillic at all: return them untouched without building a copy.
  if (!CYRILLIC.test(text)) return text;
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x400 || c > 0x4ff) continue;
    const latin = TABLE[c - 0x400];
    if (latin === undefined) continue;
    out += text.slice(last, i) + latin;
    last = i + 1;
  }
  return out + text.slice(last);
}
