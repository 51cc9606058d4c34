import type { GraphNode } from '../../../shared/api/contract';

type NodeKind = GraphNode['kind'];

/**
 * Our own pictograms, 24×24, white strokes, drawn on the node's colour. They travel as data: URIs,
 * which the renderer CSP allows for images (img-src 'self' data: blob:), so no file is fetched.
 */
const GLYPHS: Record<NodeKind, string> = {
  phone: '<rect x="7" y="2.5" width="10" height="19" rx="2"/><path d="M10.5 18.5h3"/>',
  email: '<rect x="3" y="5.5" width="18" height="13" rx="1.5"/><path d="M3.5 6.5l8.5 6.5 8.5-6.5"/>',
  url: '<circle cx="12" cy="12" r="9"/><ellipse cx="12" cy="12" rx="4" ry="9"/><path d="M3 12h18"/>',
  handle: '<circle cx="12" cy="12" r="3.5"/><path d="M15.5 12v1.5a2.5 2.5 0 0 0 5 0V12a8.5 8.5 0 1 0-3.5 6.9"/>',
  wallet: '<path d="M4 7h14a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H4z"/><path d="M4 7l11-3v3"/><path d="M15 13.5h5"/>',
  iban: '<path d="M3 9.5L12 4l9 5.5z"/><path d="M6 11v6M10 11v6M14 11v6M18 11v6M3.5 20h17"/>',
  account: '<circle cx="12" cy="8.5" r="3.5"/><path d="M5 20c0-4 3-6.5 7-6.5s7 2.5 7 6.5"/><rect x="2.5" y="2.5" width="19" height="19" rx="4"/>',
  chat: '<path d="M4 5h16v10H10l-5 4v-4H4z"/>',
  ad: '<path d="M3 12.5L12.5 3H20v7.5L10.5 20z"/><circle cx="16" cy="7" r="1.5"/>',
  image: '<rect x="3" y="4" width="18" height="16" rx="1.5"/><path d="M3.5 17l5-5 4 4 3-3 5 5"/><circle cx="16" cy="8.5" r="1.5"/>',
  person: '<circle cx="12" cy="7.5" r="4"/><path d="M4.5 21c0-4.5 3.4-7.5 7.5-7.5s7.5 3 7.5 7.5"/>',
  cluster: '<circle cx="7" cy="8" r="3.5"/><circle cx="17" cy="8" r="3.5"/><circle cx="12" cy="16.5" r="3.5"/>',
};

/** Colour, shape and pictogram of each kind of node; colours keep white glyphs readable in both themes. */
export const NODE_KIND_STYLE: Record<NodeKind, { color: string; shape: string }> = {
  phone: { color: '#1f5fbf', shape: 'ellipse' },
  email: { color: '#0e7490', shape: 'ellipse' },
  url: { color: '#4338ca', shape: 'ellipse' },
  handle: { color: '#7e22ce', shape: 'ellipse' },
  wallet: { color: '#a16207', shape: 'hexagon' },
  iban: { color: '#15803d', shape: 'octagon' },
  account: { color: '#0f766e', shape: 'round-rectangle' },
  chat: { color: '#475569', shape: 'round-rectangle' },
  ad: { color: '#c2410c', shape: 'tag' },
  image: { color: '#be185d', shape: 'round-rectangle' },
  person: { color: '#1e293b', shape: 'ellipse' },
  cluster: { color: '#9a3412', shape: 'round-rectangle' },
};

/** The pictogram of a kind as an SVG data URI (percent-encoded, so no base64 step is needed). */
export function kindIcon(kind: NodeKind): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 24 24" fill="none" stroke="#ffffff" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">${GLYPHS[kind]}</svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** Categories of wallet labels that mark a service where the money leaves the traced network. */
export const EXIT_CATEGORIES = ['exchange', 'bridge', 'mixer', 'service', 'gambling', 'payment', 'otc'];

/** Parses `category: label` wallet tags; a tag without a colon is its own category. */
export function parseTag(tag: string): { category: string; label: string } {
  const i = tag.indexOf(':');
  return i < 0 ? { category: tag.trim().toLowerCase(), label: tag.trim() } : { category: tag.slice(0, i).trim().toLowerCase(), label: tag.slice(i + 1).trim() };
}

/** Whether a node is a labelled exit (exchange, bridge, mixer…) and whether it is flagged for address poisoning. */
export function tagFlags(tags: readonly string[]): { exit: boolean; poisoning: boolean } {
  let exit = false;
  let poisoning = false;
  for (const t of tags) {
    const { category } = parseTag(t);
    if (category.startsWith('poison')) poisoning = true;
    else if (EXIT_CATEGORIES.includes(category)) exit = true;
  }
  return { exit, poisoning };
}
