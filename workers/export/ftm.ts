import { describeLocator, stableId, type ExportModel, type ExportNode } from './export-model';

/** The FollowTheMoney schemata this writer emits (all real FtM schema names). */
export const FTM_SCHEMATA = ['Person', 'LegalEntity', 'UserAccount', 'CryptoWallet', 'BankAccount', 'Document', 'Folder', 'Image', 'Message', 'Associate', 'UnknownLink'] as const;
type Schema = (typeof FTM_SCHEMATA)[number];

interface Entity {
  id: string;
  schema: Schema;
  properties: Record<string, string[]>;
}

function put(e: Entity, prop: string, value: string | null | undefined): void {
  if (value === null || value === undefined || value === '') return;
  const list = (e.properties[prop] ??= []);
  if (!list.includes(value)) list.push(value);
}

/** `account:telegram:posao_bec` → { service: telegram, username: posao_bec }. */
function accountParts(value: string): { service: string | null; username: string } {
  const m = /^account:([^:]+):(.+)$/.exec(value);
  return m ? { service: m[1]!, username: m[2]! } : { service: null, username: value };
}

/**
 * One FtM entity per node. A victim's node (unless revealed) carries only its pseudonym as a
 * name: typed properties (phone, email, publicKey, iban) would otherwise need its real value.
 */
function nodeEntity(caseId: string, n: ExportNode, masked: boolean): Entity {
  const id = stableId(caseId, `node:${n.id}`);
  const name = n.label ?? n.value;
  const typed = !masked;
  const notes = [`Nitka ${n.kind} ${n.value}`, n.victim ? `victim ${n.victim}` : null, ...n.tags].filter(Boolean).join('; ');
  const base = (schema: Schema): Entity => ({ id, schema, properties: {} });
  let e: Entity;
  switch (n.kind) {
    case 'person':
      e = base('Person');
      put(e, 'name', name);
      break;
    case 'phone':
      // FtM has no phone schema (phones are properties): the unknown party that uses the number.
      e = base('LegalEntity');
      put(e, 'name', name);
      if (typed) put(e, 'phone', n.value);
      break;
    case 'email':
      e = base('LegalEntity');
      put(e, 'name', name);
      if (typed) put(e, 'email', n.value);
      break;
    case 'account':
    case 'handle': {
      e = base('UserAccount');
      const { service, username } = accountParts(n.value);
      put(e, 'username', masked ? n.value : username);
      put(e, 'service', service);
      if (n.label && n.label !== username) put(e, 'name', n.label);
      break;
    }
    case 'wallet': {
      e = base('CryptoWallet');
      const m = /^([a-z0-9]+):(.+)$/i.exec(n.value);
      if (typed) put(e, 'publicKey', m ? m[2] : n.value);
      if (m) put(e, 'currencySymbol', m[1]!.toUpperCase());
      put(e, 'name', name);
      break;
    }
    case 'iban':
      e = base('BankAccount');
      if (typed) put(e, 'iban', n.value);
      put(e, 'name', name);
      break;
    case 'url':
      e = base('Document');
      put(e, 'title', name);
      if (typed) put(e, 'sourceUrl', n.value);
      break;
    case 'ad':
      e = base('Document');
      put(e, 'title', name);
      break;
    case 'image':
      e = base('Image');
      put(e, 'title', name);
      if (/^image:[0-9a-f]{64}$/.test(n.value)) put(e, 'contentHash', n.value.slice('image:'.length));
      break;
    case 'chat':
    case 'cluster':
    default:
      e = base('Folder');
      put(e, 'title', name);
      break;
  }
  put(e, 'notes', notes);
  return e;
}

/**
 * FollowTheMoney entities as JSON lines, for Aleph/OpenAleph (`ftm import` / `alephclient write-entities`).
 * Nodes become Person, LegalEntity (a phone's or e-mail's unknown user), UserAccount,
 * CryptoWallet, BankAccount, Document, Image and Folder (chats, ad clusters); phones and
 * e-mails a person or account uses also become its phone/number/email properties. Links
 * between people are Associate, all others UnknownLink with the Nitka link kind as role and
 * the evidence dates. FtM has no wallet-to-wallet transfer schema (Payment's payer and
 * beneficiary must be legal entities): a `paid` link is an UnknownLink between the two
 * CryptoWallets with role `paid`. Messages behind a link become Message entities.
 * Ids are stable: the SHA-1 of case id and node or link id.
 */
export function writeFtm(model: ExportModel): string {
  const caseId = model.case.caseId;
  const masked = (n: ExportNode) => !model.victimsRevealed && n.victim !== null;
  const entities = new Map<number, Entity>();
  for (const n of model.nodes) entities.set(n.id, nodeEntity(caseId, n, masked(n)));
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const lines: Entity[] = [];
  for (const e of model.edges) {
    const a = byId.get(e.source);
    const b = byId.get(e.target);
    const ea = entities.get(e.source);
    const eb = entities.get(e.target);
    if (!a || !b || !ea || !eb) continue;
    if (e.kind === 'uses' || e.kind === 'same_as') {
      // An owner's phones and e-mails as its own properties, as Aleph shows them.
      for (const [owner, used, ownerEntity] of [[a, b, ea], [b, a, eb]] as const) {
        if (masked(used)) continue;
        if (used.kind === 'phone') put(ownerEntity, ownerEntity.schema === 'UserAccount' ? 'number' : ownerEntity.schema === 'Person' || ownerEntity.schema === 'LegalEntity' ? 'phone' : 'notes', used.value);
        if (used.kind === 'email' && ['UserAccount', 'Person', 'LegalEntity'].includes(ownerEntity.schema)) put(ownerEntity, 'email', used.value);
        if (owner.kind === 'person' && ownerEntity.schema === 'Person' && entities.get(used.id)?.schema === 'UserAccount') put(entities.get(used.id)!, 'owner', ownerEntity.id);
        if (owner.kind === 'person' && entities.get(used.id)?.schema === 'CryptoWallet') put(entities.get(used.id)!, 'holder', ownerEntity.id);
      }
    }
    const link: Entity = { id: stableId(caseId, `link:${e.id}`), schema: a.kind === 'person' && b.kind === 'person' ? 'Associate' : 'UnknownLink', properties: {} };
    if (link.schema === 'Associate') {
      put(link, 'person', ea.id);
      put(link, 'associate', eb.id);
      put(link, 'relationship', e.kind);
    } else {
      put(link, 'subject', ea.id);
      put(link, 'object', eb.id);
      put(link, 'role', e.kind);
    }
    put(link, 'startDate', e.firstSeen ?? undefined);
    put(link, 'endDate', e.lastSeen ?? undefined);
    put(link, 'summary', `${e.kind}: weight ${e.weight}, ${e.evidenceCount} pieces of evidence`);
    for (const ev of e.evidence) put(link, 'recordId', `${describeLocator(ev)}${ev.sha256 ? ` sha256:${ev.sha256}` : ''}`);
    lines.push(link);
    for (const ev of e.evidence) {
      if (ev.excerpt === null || (ev.locator.messageId === null && ev.locator.line === null) || ev.locator.ad !== null) continue;
      if (e.kind !== 'sent' && e.kind !== 'mentions') continue;
      const msg: Entity = { id: stableId(caseId, `message:${ev.sha256}:${ev.locator.line}:${ev.locator.offset}:${ev.locator.messageId}`), schema: 'Message', properties: {} };
      put(msg, 'bodyText', ev.excerpt);
      put(msg, 'date', ev.at ?? undefined);
      if (e.kind === 'sent') {
        put(msg, ea.schema === 'UserAccount' ? 'senderAccount' : 'sender', ea.id);
        if (eb.schema === 'Folder') put(msg, 'parent', eb.id);
      }
      put(msg, 'recordId', describeLocator(ev));
      if (ev.fileName) put(msg, 'fileName', ev.fileName);
      lines.push(msg);
    }
  }
  const all = [...entities.values(), ...lines];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of all) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    out.push(JSON.stringify(e));
  }
  return `${out.join('\n')}\n`;
}
