/** A piece of an excerpt: plain text, or the identifier the evidence is about. */
export interface Segment {
  text: string;
  mark: boolean;
}

/**
 * Splits an evidence excerpt around every occurrence of the raw identifier text, so the panel can
 * wrap it in <mark>. Exact occurrences first; if there is none, a case-insensitive match (an
 * excerpt may be normalised differently from the raw capture). No match: the excerpt unmarked.
 */
export function highlightSegments(excerpt: string, raw: string | null): Segment[] {
  if (!raw) return [{ text: excerpt, mark: false }];
  let hay = excerpt;
  let needle = raw;
  if (!hay.includes(needle)) {
    hay = excerpt.toLowerCase();
    needle = raw.toLowerCase();
    // toLowerCase can change lengths (İ → i̇); then offsets would not line up with the excerpt.
    if (hay.length !== excerpt.length || !hay.includes(needle)) return [{ text: excerpt, mark: false }];
  }
  const out: Segment[] = [];
  let at = 0;
  for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + needle.length)) {
    if (i > at) out.push({ text: excerpt.slice(at, i), mark: false });
    out.push({ text: excerpt.slice(i, i + needle.length), mark: true });
    at = i + needle.length;
  }
  if (at < excerpt.length) out.push({ text: excerpt.slice(at), mark: false });
  return out;
}
