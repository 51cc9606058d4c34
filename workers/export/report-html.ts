import { describeLocator, layoutPositions, nodeTitle, type ExportModel } from './export-model';
import { reportStrings } from './report-strings';

const esc = (s: string | number | null | undefined): string =>
  s === null || s === undefined ? '' : String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const KIND_COLOURS: Record<string, string> = {
  person: '#b03a2e', phone: '#1f618d', email: '#117a65', url: '#7d6608', handle: '#6c3483', wallet: '#b9770e',
  iban: '#515a5a', account: '#2874a6', chat: '#196f3d', ad: '#a04000', image: '#5d6d7e', cluster: '#873600',
};

/** The network as an inline SVG: the view's positions, or the deterministic ring layout by kind. */
function svgPicture(model: ExportModel): string {
  const pos = layoutPositions(model.nodes);
  if (pos.size === 0) return '';
  const xs = [...pos.values()].map((p) => p.x);
  const ys = [...pos.values()].map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const width = 900;
  const height = 640;
  const pad = 40;
  // Labels run to the right of their node: leave them room on that side.
  const sx = (x: number) => pad + ((x - minX) / Math.max(1, maxX - minX)) * (width - 2 * pad - 140);
  const sy = (y: number) => pad + ((y - minY) / Math.max(1, maxY - minY)) * (height - 2 * pad);
  const labels = model.nodes.length <= 150;
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="network">`];
  for (const e of model.edges) {
    const a = pos.get(e.source);
    const b = pos.get(e.target);
    if (!a || !b) continue;
    parts.push(`<line x1="${sx(a.x).toFixed(1)}" y1="${sy(a.y).toFixed(1)}" x2="${sx(b.x).toFixed(1)}" y2="${sy(b.y).toFixed(1)}" stroke="#999" stroke-width="${Math.min(4, 0.6 + e.weight / 2).toFixed(1)}"/>`);
  }
  for (const n of model.nodes) {
    const p = pos.get(n.id)!;
    const colour = KIND_COLOURS[n.kind] ?? '#333';
    parts.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="${n.victim ? 8 : 6}" fill="${colour}"${n.victim ? ' stroke="#000" stroke-width="2"' : ''}><title>${esc(`${n.kind}: ${nodeTitle(n)}`)}</title></circle>`);
    if (labels) parts.push(`<text x="${(sx(p.x) + 9).toFixed(1)}" y="${(sy(p.y) + 4).toFixed(1)}" font-size="10">${esc((n.label ?? n.value).slice(0, 28))}</text>`);
  }
  const kinds = [...new Set(model.nodes.map((n) => n.kind))].sort();
  kinds.forEach((k, i) => parts.push(`<circle cx="${pad + i * 90}" cy="${height - 12}" r="5" fill="${KIND_COLOURS[k] ?? '#333'}"/><text x="${pad + i * 90 + 8}" y="${height - 8}" font-size="11">${esc(k)}</text>`));
  parts.push('</svg>');
  return parts.join('');
}

/**
 * The evidence report: one self-contained HTML file (inline CSS and SVG, no script, a CSP that
 * forbids fetching anything) in the case language, with the picture, the entities, every link
 * with its evidence excerpts and places, the sources with SHA-256 and exhibits, the traces with
 * model and fingerprint, the analyst actions, and how to verify. The PDF is printed from it.
 */
export function writeReportHtml(model: ExportModel, opts: { auditHead?: { seq: number; hash: string } | null } = {}): string {
  const t = reportStrings(model.case.language);
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const name = (id: number) => {
    const n = byId.get(id);
    return n ? `${n.kind} ${nodeTitle(n)}` : `#${id}`;
  };
  const h: string[] = [];
  h.push(
    '<!DOCTYPE html>',
    `<html lang="${esc(model.case.language)}"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${esc(`${t.title}: ${model.case.name}`)}</title>`,
    '<style>body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:11pt;margin:2em;color:#111}h1{font-size:18pt}h2{font-size:14pt;margin-top:1.6em;border-bottom:1px solid #999}' +
      'table{border-collapse:collapse;width:100%;font-size:9pt;margin:.5em 0}th,td{border:1px solid #bbb;padding:3px 5px;text-align:left;vertical-align:top}th{background:#eee}' +
      '.hash{font-family:"DejaVu Sans Mono",monospace;font-size:8pt;word-break:break-all}.hashline{font-size:8pt;margin:.2em 0}.hashline .hash{white-space:nowrap;word-break:normal}.warn{border:2px solid #b03a2e;padding:.5em;font-weight:bold}.note{border:1px solid #888;padding:.5em}' +
      '.link{margin:.8em 0;page-break-inside:avoid}.ev{margin:.2em 0 .2em 1.5em;font-size:9pt}.ex{font-style:italic}svg{border:1px solid #ccc}@media print{body{margin:0}}</style>',
    '</head><body>',
    `<h1>${esc(t.title)}: ${esc(model.case.name)}</h1>`,
    '<table>',
    `<tr><th>${esc(t.case)}</th><td>${esc(model.case.name)}</td></tr>`,
    `<tr><th>${esc(t.caseId)}</th><td class="hash">${esc(model.case.caseId)}</td></tr>`,
    `<tr><th>${esc(t.view)}</th><td>${esc(model.view ? model.view.name : t.wholeCase)}</td></tr>`,
    `<tr><th>${esc(t.exportedAt)}</th><td>${esc(model.exportedAt)}</td></tr>`,
    `<tr><th>${esc(t.exportedBy)}</th><td>${esc(model.exportedBy)}</td></tr>`,
    `<tr><th>${esc(t.version)}</th><td>${esc(model.nitkaVersion)}</td></tr>`,
    opts.auditHead ? `<tr><th>${esc(t.auditHead)}</th><td class="hash">#${opts.auditHead.seq} ${esc(opts.auditHead.hash)}</td></tr>` : '',
    '</table>',
    `<p class="${model.victimsRevealed ? 'warn' : 'note'}">${esc(model.victimsRevealed ? t.victimsRevealed : t.victimsHidden)}</p>`,
    `<h2>${esc(t.picture)}</h2>`,
    `<p>${model.nodes.length} ${esc(t.nodesCount)}, ${model.edges.length} ${esc(t.edgesCount)}</p>`,
    svgPicture(model),
    `<h2>${esc(t.entities)}</h2>`,
    `<table><tr><th>#</th><th>${esc(t.kind)}</th><th>${esc(t.value)}</th><th>${esc(t.label)}</th><th>${esc(t.victim)}</th><th>${esc(t.tags)}</th><th>${esc(t.evidenceCount)}</th><th>${esc(t.firstSeen)}</th><th>${esc(t.lastSeen)}</th></tr>`,
    ...model.nodes.map((n) => `<tr><td>${n.id}</td><td>${esc(n.kind)}</td><td>${esc(n.value)}</td><td>${esc(n.label)}</td><td>${esc(n.victim)}</td><td>${esc(n.tags.join('; '))}</td><td>${n.evidenceCount}</td><td>${esc(n.firstSeen)}</td><td>${esc(n.lastSeen)}</td></tr>`),
    '</table>',
    `<h2>${esc(t.links)}</h2>`,
  );
  for (const e of model.edges) {
    h.push(`<div class="link"><strong>#${e.id}</strong> ${esc(name(e.source))} — <strong>${esc(e.kind)}</strong> → ${esc(name(e.target))} <small>(${esc(t.weight)} ${e.weight}, ${e.evidenceCount} ${esc(t.evidenceCount.toLowerCase())}${e.firstSeen ? `, ${esc(e.firstSeen)}` : ''}${e.lastSeen && e.lastSeen !== e.firstSeen ? ` – ${esc(e.lastSeen)}` : ''})</small>`);
    if (e.evidence.length === 0) h.push(`<div class="ev">${esc(t.noEvidence)}</div>`);
    for (const v of e.evidence) {
      h.push(
        `<div class="ev">• ${esc(describeLocator(v))}${v.at ? ` [${esc(v.at)}]` : ''}${v.sha256 ? ` <span class="hash">SHA-256 ${esc(v.sha256)}</span>` : ''}` +
          `${v.excerpt ? `<br><span class="ex">“${esc(v.excerpt)}”</span>` : ''}${v.raw && !(v.excerpt ?? '').includes(v.raw) ? ` (${esc(t.readAs)} “${esc(v.raw)}”)` : ''}${v.note ? `<br>${esc(v.note)}` : ''}</div>`,
      );
    }
    if (e.evidenceCount > e.evidence.length) h.push(`<div class="ev">… ${e.evidenceCount - e.evidence.length} ${esc(t.moreEvidence)}</div>`);
    h.push('</div>');
  }
  h.push(
    `<h2>${esc(t.sources)}</h2>`,
    `<table><tr><th>#</th><th>${esc(t.fileName)}</th><th>${esc(t.exhibit)}</th><th>SHA-256</th><th>${esc(t.size)}</th><th>${esc(t.acquired)}</th><th>${esc(t.ingested)}</th></tr>`,
    ...model.sources.map((s) => `<tr><td>${s.id}</td><td>${esc(s.fileName)}</td><td>${esc(s.exhibit)}</td><td class="hash">${esc(s.sha256)}</td><td>${s.size}</td><td>${esc(s.acquiredAt)}</td><td>${esc(s.ingestedAt)} (${esc(s.ingestedBy)})</td></tr>`),
    '</table>',
    `<h2>${esc(t.traces)}</h2>`,
  );
  if (model.traces.length === 0) h.push(`<p>${esc(t.noTraces)}</p>`);
  for (const tr of model.traces) {
    h.push(
      `<p><strong>#${tr.id}</strong> ${esc(t.seed)}: ${esc(tr.seed)}; ${esc(t.direction)}: ${esc(tr.direction)}; ${esc(t.model)}: ${esc(tr.model)}; ${esc(t.at)}: ${esc(tr.at)} (${esc(tr.by)})<br>${esc(t.fingerprint)}: <span class="hash">${esc(tr.fingerprint)}</span>${tr.truncated ? `<br>${esc(tr.truncated)}` : ''}</p>`,
      `<table><tr><th>${esc(t.from)}</th><th>${esc(t.to)}</th><th>${esc(t.amount)}</th><th>${esc(t.taint)}</th><th>tx</th><th>${esc(t.time)}</th></tr>`,
      ...tr.edges.map((e) => `<tr><td class="hash">${esc(e.from)}</td><td class="hash">${esc(e.to)}</td><td>${esc(e.amount)} ${esc(e.asset)}</td><td>${esc(e.taint)}</td><td class="hash">${esc(e.tx)}</td><td>${esc(e.time)}</td></tr>`),
      '</table>',
    );
  }
  h.push(`<h2>${esc(t.audit)}</h2>`);
  if (model.audit.length === 0) h.push(`<p>${esc(t.noAudit)}</p>`);
  else {
    h.push(
      `<table><tr><th>${esc(t.seq)}</th><th>${esc(t.at)}</th><th>${esc(t.actor)}</th><th>${esc(t.action)}</th><th>${esc(t.details)}</th><th>SHA-256</th></tr>`,
      ...model.audit.map((a) => `<tr><td>${a.seq}</td><td>${esc(a.at)}</td><td>${esc(a.actor)}</td><td>${esc(a.action)}</td><td>${esc(JSON.stringify(a.details))}</td><td class="hash">${esc(a.hash)}</td></tr>`),
      '</table>',
    );
  }
  // One source per line, the hash unbroken, so it can be read (or copied out of the PDF) whole.
  h.push(
    `<h2>${esc(t.verify)}</h2>`,
    `<p>${esc(t.verifyText)}</p>`,
    ...model.sources.map((s) => `<div class="hashline"><span class="hash">${esc(s.sha256)}</span> ${esc(s.fileName)}${s.exhibit ? ` (${esc(t.exhibit)} ${esc(s.exhibit)})` : ''}</div>`),
    '</body></html>',
    '',
  );
  return h.join('\n');
}
