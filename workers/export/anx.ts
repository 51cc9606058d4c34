import { describeLocator, layoutPositions, xmlEscape, type ExportEdge, type ExportModel } from './export-model';
import type { LinkEvidence } from '../../shared/api/contract';

/** i2 entity type (and icon) per node kind. */
export const ANX_ENTITY_TYPES: Record<string, string> = {
  person: 'Person',
  phone: 'Phone',
  email: 'Email',
  account: 'Account',
  handle: 'Account',
  wallet: 'Wallet',
  iban: 'Bank Account',
  url: 'Web Site',
  chat: 'Communication',
  ad: 'Document',
  image: 'Image',
  cluster: 'Group',
};

/** ANX has no zone on a DateTime: we write UTC, which the chart summary says. */
function anxTime(iso: string | null): { set: boolean; text: string } {
  if (!iso) return { set: false, text: '' };
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return { set: false, text: '' };
  return { set: true, text: d.toISOString().replace('Z', '') };
}

/** How well a link is supported, as i2 strengths: several pieces of evidence, one, none (an analyst's decision). */
function strength(e: ExportEdge): string {
  if (e.evidenceCount >= 2) return 'Confirmed';
  if (e.evidenceCount === 1) return 'Unconfirmed';
  return 'Tentative';
}

function card(e: LinkEvidence): string {
  const t = anxTime(e.at);
  const summary = e.excerpt ?? e.note ?? e.raw ?? '';
  const reference = `${describeLocator(e)}${e.sha256 ? `; SHA-256 ${e.sha256}` : ''}`;
  return `<Card Summary="${xmlEscape(summary.slice(0, 250))}" Text="${xmlEscape([e.excerpt, e.raw ? `read as: ${e.raw}` : null, e.note].filter(Boolean).join('\n'))}" SourceReference="${xmlEscape(reference)}" SourceType="${e.auditSeq !== null && !e.fileName ? 'Analyst decision' : 'Document'}" DateSet="${t.set}"${t.set ? ` DateTime="${t.text}" TimeSet="true"` : ''}/>`;
}

/**
 * i2 Analyst's Notebook chart exchange (ANX) XML: entity types with icons, one ChartItem per
 * entity (End/Entity/Icon/IconStyle, positioned by XPosition and End Y) and per link
 * (Link End1Id/End2Id with LinkStyle strength, arrow and type, dated by its last evidence),
 * and on each item cards (CardCollection/Card) naming the source, exhibit, locator and SHA-256.
 */
export function writeAnx(model: ExportModel): string {
  const positions = layoutPositions(model.nodes);
  const entityCards = new Map<number, LinkEvidence[]>();
  for (const e of model.edges) {
    for (const end of [e.source, e.target]) {
      const list = entityCards.get(end) ?? [];
      // A handful of sources per entity card is enough to trace it; the links carry the rest.
      for (const ev of e.evidence) if (list.length < 5 && !list.some((x) => x.sha256 === ev.sha256 && x.locator.line === ev.locator.line)) list.push(ev);
      entityCards.set(end, list);
    }
  }
  const types = [...new Set(model.nodes.map((n) => ANX_ENTITY_TYPES[n.kind] ?? 'Entity'))].sort();
  const linkTypes = [...new Set(model.edges.map((e) => e.kind))].sort();
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Chart Rigorous="false" IdReferenceLinking="false">',
    '  <StrengthCollection>',
    '    <Strength Id="Confirmed" Name="Confirmed" DotStyle="DotStyleSolid"/>',
    '    <Strength Id="Unconfirmed" Name="Unconfirmed" DotStyle="DotStyleDashed"/>',
    '    <Strength Id="Tentative" Name="Tentative" DotStyle="DotStyleDotted"/>',
    '  </StrengthCollection>',
    '  <EntityTypeCollection>',
    ...types.map((t) => `    <EntityType Name="${xmlEscape(t)}" IconFile="${xmlEscape(t)}"/>`),
    '  </EntityTypeCollection>',
    '  <LinkTypeCollection>',
    ...linkTypes.map((t) => `    <LinkType Name="${xmlEscape(t)}"/>`),
    '  </LinkTypeCollection>',
    '  <ChartItemCollection>',
  ];
  for (const n of model.nodes) {
    const p = positions.get(n.id)!;
    const type = ANX_ENTITY_TYPES[n.kind] ?? 'Entity';
    const t = anxTime(n.firstSeen);
    const description = [`${n.kind} ${n.value}`, n.victim ? `victim ${n.victim}` : null, n.tags.length ? n.tags.join('; ') : null, `${n.evidenceCount} pieces of evidence`].filter(Boolean).join(' | ');
    const cards = entityCards.get(n.id) ?? [];
    out.push(
      `    <ChartItem Label="${xmlEscape(n.label ?? n.value)}" Description="${xmlEscape(description)}" XPosition="${Math.round(p.x)}" DateSet="${t.set}"${t.set ? ` DateTime="${t.text}" TimeSet="true"` : ''}>` +
        `<End Y="${Math.round(p.y)}"><Entity EntityId="n${n.id}" Identity="${xmlEscape(n.value)}" LabelIsIdentity="false"><Icon><IconStyle Type="${xmlEscape(type)}"/></Icon>` +
        `${cards.length ? `<CardCollection>${cards.map(card).join('')}</CardCollection>` : ''}</Entity></End></ChartItem>`,
    );
  }
  for (const e of model.edges) {
    const t = anxTime(e.lastSeen ?? e.firstSeen);
    out.push(
      `    <ChartItem Label="${xmlEscape(e.kind)}" Description="${xmlEscape(`${e.kind}, weight ${e.weight}, ${e.evidenceCount} pieces of evidence${e.firstSeen ? `, first ${e.firstSeen}` : ''}${e.lastSeen ? `, last ${e.lastSeen}` : ''}`)}" DateSet="${t.set}"${t.set ? ` DateTime="${t.text}" TimeSet="true"` : ''}>` +
        `<Link End1Id="n${e.source}" End2Id="n${e.target}"><LinkStyle ArrowStyle="ArrowOnHead" LineWidth="1" Strength="${strength(e)}" Type="${xmlEscape(e.kind)}"/>` +
        `${e.evidence.length ? `<CardCollection>${e.evidence.map(card).join('')}</CardCollection>` : ''}</Link></ChartItem>`,
    );
  }
  out.push(
    '  </ChartItemCollection>',
    `  <Summary><FieldCollection><Field Type="SummaryFieldTitle" Field="${xmlEscape(`${model.case.name}${model.view ? ` — ${model.view.name}` : ''}`)}"/><Field Type="SummaryFieldComments" Field="${xmlEscape(`Exported by Nitka ${model.nitkaVersion} at ${model.exportedAt} by ${model.exportedBy}. Case ${model.case.caseId}. Times are UTC. Victims ${model.victimsRevealed ? 'REVEALED' : 'shown under pseudonyms'}.`)}"/></FieldCollection></Summary>`,
    '</Chart>',
    '',
  );
  return out.join('\n');
}
