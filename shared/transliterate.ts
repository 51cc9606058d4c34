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
const CYRILLIC_ALL = /[\u0400-\u04ff]/g;

function latinFor(ch: string): string {
  const lower = ch.toLowerCase();
  const mapped = CYRILLIC_TO_LATIN[lower];
  if (mapped === undefined) return ch;
  return ch === lower ? mapped : mapped.charAt(0).toUpperCase() + mapped.slice(1);
}

/** Latin letters for any Serbian/Macedonian Cyrillic in `text`; everything else unchanged. */
export function cyrillicToLatin(text: string): string {
  // Most chat lines hold no Cyrillic at all: return them untouched without building a copy.
  if (!CYRILLIC.test(text)) return text;
  return text.replace(CYRILLIC_ALL, latinFor);
}
