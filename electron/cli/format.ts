import type { AuditEntry, CaseInfo, IngestReport, SourceInfo, VerifyReport } from '../../shared/api/contract';
import { canonicalJson } from '../../shared/canonical-json';
import { formatBytes } from '../../shared/format-bytes';

export function formatCase(info: CaseInfo): string {
  return [
    `Case      ${info.name} (${info.caseId})`,
    `File      ${info.path}`,
    `Created   ${info.createdAt}`,
    `Schema    ${info.schemaVersion}`,
    `Time zone ${info.timezone}, default phone region ${info.defaultRegion}`,
    `Sources   ${info.sourceCount}, audit entries ${info.auditEntries}`,
  ].join('\n');
}

export function formatSource(s: SourceInfo): string {
  const extra = [s.exhibit ? `exhibit ${s.exhibit}` : null, `acquired ${s.acquiredAt}`, s.note ? `note: ${s.note}` : null]
    .filter(Boolean)
    .join(', ');
  return `#${s.id}  ${s.sha256}  ${formatBytes(s.size).padStart(10)}  ${s.fileName}  (${extra})`;
}

export function formatSources(list: SourceInfo[]): string {
  if (list.length === 0) return 'No sources in this case.';
  return list.map(formatSource).join('\n');
}

export function formatAudit(list: AuditEntry[]): string {
  return list.map((e) => `#${e.seq}  ${e.at}  ${e.actor}  ${e.action}  ${canonicalJson(e.details)}`).join('\n');
}

export function formatVerify(r: VerifyReport): string {
  const summary = `${r.sourcesChecked} sources (${formatBytes(r.bytesChecked)}) and ${r.entriesChecked} audit entries checked`;
  if (r.ok) return `OK\n${summary}`;
  const [first, ...rest] = r.problems;
  return [`FAILED: ${first?.message ?? 'unknown problem'}`, ...rest.map((p) => `  also: ${p.message}`), summary].join('\n');
}

export function formatReport(r: IngestReport): string {
  const network = `; network: ${r.links} links, ${r.suggestions} new suggestions, ${r.clusters} ad clusters changed`;
  if (r.transfers || r.labels) {
    return `${r.format}: ${r.transfers} transfers, ${r.labels} labels${network}`;
  }
  if (r.format.startsWith('ads-') || r.format === 'image') {
    return `${r.format}: ${r.ads} ads, ${r.images} pictures, ${r.identifiers} identifiers${network}`;
  }
  return `${r.format}: ${r.messages} messages, ${r.systemEvents} system events, ${r.accounts} accounts, ${r.identifiers} identifiers, ${r.attachments} attachments${r.images ? ` (${r.images} pictures)` : ''}, ${r.fragments} unparsed fragments (date order ${r.dateOrder ?? '-'}, time zone ${r.timezone ?? '-'}${r.mapping ? `, columns ${r.mappingName ? `"${r.mappingName}"` : Object.entries(r.mapping).map(([k, v]) => `${k}=${v}`).join(',')}` : ''})${r.format === 'raw' ? '' : network}`;
}
