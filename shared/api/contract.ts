import { z } from 'zod';
import type { CaseApiMethod } from './methods';
import type { Result } from '../result';

/** A time zone name the platform knows, e.g. Europe/Belgrade. */
const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'unknown time zone' },
);

const casePath = z.string().trim().min(1, 'a case file path is required');
const passphrase = z.string().min(1, 'a passphrase is required');
const optionalText = z.string().trim().max(4000).optional();
const isoTime = z.iso.datetime({ offset: true });

export const caseInfoSchema = z.object({
  caseId: z.string(),
  name: z.string(),
  path: z.string(),
  createdAt: z.string(),
  schemaVersion: z.number().int(),
  timezone: z.string(),
  defaultRegion: z.string(),
  sourceCount: z.number().int(),
  auditEntries: z.number().int(),
  /** the case's working language (UI default and the language of reports) */
  language: z.enum(['en', 'bs', 'sr-Cyrl', 'sq', 'mk']),
});
export type CaseInfo = z.infer<typeof caseInfoSchema>;

export const sourceInfoSchema = z.object({
  id: z.number().int(),
  sha256: z.string(),
  size: z.number().int(),
  fileName: z.string(),
  originalPath: z.string().nullable(),
  fileModifiedAt: z.string().nullable(),
  acquiredAt: z.string(),
  ingestedAt: z.string(),
  ingestedBy: z.string(),
  exhibit: z.string().nullable(),
  note: z.string().nullable(),
});
export type SourceInfo = z.infer<typeof sourceInfoSchema>;

/** Parsers a user can ask for (`auto` detects, `raw` stores the evidence without parsing). */
export const SOURCE_FORMATS = ['auto', 'raw', 'whatsapp', 'telegram', 'messenger', 'instagram', 'signal', 'discord', 'table', 'ads', 'image', 'transfers', 'tagpack', 'labels'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];
/** What a source was read as. */
export const DETECTED_FORMATS = ['raw', 'whatsapp-txt', 'whatsapp-zip', 'telegram-json', 'messenger-json', 'instagram-json', 'signal-md', 'signal-jsonl', 'discord-json', 'csv', 'xlsx', 'ads-jsonl', 'ads-json', 'ads-csv', 'ads-html', 'ads-zip', 'image',
  'etherscan-csv', 'tron-json', 'esplora-json', 'bitcoin-core-json', 'transfers-csv', 'tagpack', 'labels-csv', 'eth-rpc'] as const;

const columnName = z.string().trim().min(1).max(200);
/**
 * Which column of a message table (CSV from a forensic tool, a spreadsheet) holds what, by header
 * name. `timeFormat` is a luxon format such as `dd.MM.yyyy HH:mm:ss`, or `iso`, `epoch-s`,
 * `epoch-ms`, `excel`; without it the usual forms are recognised.
 */
export const columnMappingSchema = z
  .object({
    time: columnName,
    body: columnName,
    sender: columnName.optional(),
    chat: columnName.optional(),
    messageId: columnName.optional(),
    replyTo: columnName.optional(),
    attachment: columnName.optional(),
    timeFormat: z.string().trim().min(1).max(100).optional(),
    /** the app the messages came from, when the table holds one app's messages */
    platform: z.enum(['whatsapp', 'telegram', 'messenger', 'instagram', 'signal', 'discord']).optional(),
    /** worksheet of a workbook; the first when not given */
    sheet: columnName.optional(),
  })
  .strict();
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

export const savedMappingSchema = z.object({
  name: z.string(),
  mapping: columnMappingSchema,
  createdAt: z.string(),
  createdBy: z.string(),
});
export type SavedMapping = z.infer<typeof savedMappingSchema>;
const mappingName = z.string().trim().min(1).max(100);

export const ingestReportSchema = z.object({
  format: z.enum(DETECTED_FORMATS),
  dateOrder: z.enum(['dmy', 'mdy', 'ymd']).nullable(),
  timezone: z.string().nullable(),
  messages: z.number().int(),
  systemEvents: z.number().int(),
  fragments: z.number().int(),
  accounts: z.number().int(),
  identifiers: z.number().int(),
  attachments: z.number().int(),
  /** captured ad listings and pictures (in ads, chats, or on their own) */
  ads: z.number().int(),
  images: z.number().int(),
  /** crypto transfers (exact, base units) and address labels */
  transfers: z.number().int(),
  labels: z.number().int(),
  /** links the network gained or strengthened, and new resolution suggestions and ad clusters */
  links: z.number().int(),
  suggestions: z.number().int(),
  clusters: z.number().int(),
  /** for message tables: the column mapping used, and the name it was saved under */
  mapping: columnMappingSchema.nullable().optional(),
  mappingName: z.string().nullable().optional(),
});
export type IngestReport = z.infer<typeof ingestReportSchema>;

export const addSourceResultSchema = z.object({
  source: sourceInfoSchema,
  duplicate: z.boolean(),
  /** what was parsed out of the source; absent for a duplicate */
  report: ingestReportSchema.optional(),
});

export const entityKinds = ['phone', 'email', 'url', 'handle', 'wallet', 'iban', 'account', 'chat'] as const;
export const entitySchema = z.object({
  id: z.string(),
  kind: z.enum(entityKinds),
  value: z.string(),
  label: z.string().nullable(),
  occurrences: z.number().int(),
});
export type Entity = z.infer<typeof entitySchema>;

export const messageInfoSchema = z.object({
  id: z.number().int(),
  chatId: z.number().int(),
  chatTitle: z.string(),
  kind: z.enum(['message', 'system']),
  sender: z.string().nullable(),
  sentUtc: z.string(),
  timeText: z.string(),
  timezone: z.string(),
  body: z.string(),
  sourceId: z.number().int(),
  line: z.number().int().nullable(),
  offset: z.number().int().nullable(),
});
export type MessageInfo = z.infer<typeof messageInfoSchema>;
export type AddSourceResult = z.infer<typeof addSourceResultSchema>;

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const verifyProblemSchema = z.object({
  target: z.enum(['audit', 'source', 'case']),
  /** audit sequence number or source id the problem is about */
  ref: z.number().int().nullable(),
  message: z.string(),
});
export type VerifyProblem = z.infer<typeof verifyProblemSchema>;

export const verifyReportSchema = z.object({
  ok: z.boolean(),
  sourcesChecked: z.number().int(),
  bytesChecked: z.number().int(),
  entriesChecked: z.number().int(),
  problems: z.array(verifyProblemSchema),
});
export type VerifyReport = z.infer<typeof verifyReportSchema>;

export const hostInfoSchema = z.object({
  host: z.enum(['electron', 'loopback', 'in-process']),
  version: z.string(),
  /** the case file the host was started for (e.g. `nitka serve CASE`), if any */
  suggestedCasePath: z.string().nullable(),
  suggestedCaseExists: z.boolean(),
  openCase: caseInfoSchema.nullable(),
});
export type HostInfo = z.infer<typeof hostInfoSchema>;

const provenance = {
  /** parser to use; `auto` detects it, `raw` stores the evidence without parsing */
  format: z.enum(SOURCE_FORMATS).optional(),
  /** date order of a chat export whose dates cannot decide it */
  dateOrder: z.enum(['dmy', 'mdy', 'ymd']).optional(),
  /** column mapping of a message table, given now… */
  mapping: columnMappingSchema.optional(),
  /** …or saved earlier under this name */
  mappingName: mappingName.optional(),
  /** save the mapping used, for the next table of the same kind */
  saveMappingAs: mappingName.optional(),
  exhibit: optionalText,
  note: optionalText,
  /** when the evidence was seized or acquired; defaults to the time of ingest */
  acquiredAt: isoTime.optional(),
};

const noInput = z.undefined().or(z.object({}).strict());

/** Kinds of network nodes: identifiers, accounts, chats, ads, pictures, persons, ad clusters. */
export const NODE_KINDS = ['phone', 'email', 'url', 'handle', 'wallet', 'iban', 'account', 'chat', 'ad', 'image', 'person', 'cluster'] as const;
/** Kinds of links between nodes. */
export const LINK_KINDS = ['uses', 'member_of', 'sent', 'mentions', 'lists_contact', 'posted', 'shares_image', 'similar_to', 'same_as', 'paid'] as const;

/** Languages a case and the UI can be set to; en and bs are complete, the others are prepared. */
export const CASE_LANGUAGES = ['en', 'bs', 'sr-Cyrl', 'sq', 'mk'] as const;

export const graphNodeSchema = z.object({
  id: z.number().int(),
  kind: z.enum(NODE_KINDS),
  /** the canonical value; for a victim's node (unless revealed) the pseudonym, e.g. `V-001` or `V-001 phone 1` */
  value: z.string(),
  label: z.string().nullable(),
  /** the victim pseudonym this node is shown under, null when it is not a victim's */
  victim: z.string().nullable(),
  /** labels of a wallet (exchange, mixer, poisoning suspect…), as `category: label` */
  tags: z.array(z.string()),
});
export type GraphNode = z.infer<typeof graphNodeSchema>;
export const graphEdgeSchema = z.object({
  id: z.number().int(),
  source: z.number().int(),
  target: z.number().int(),
  kind: z.enum(LINK_KINDS),
  weight: z.number(),
  evidenceCount: z.number().int(),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
});
export type GraphEdge = z.infer<typeof graphEdgeSchema>;
export const graphSchema = z.object({ nodes: z.array(graphNodeSchema), edges: z.array(graphEdgeSchema) });
export type Graph = z.infer<typeof graphSchema>;

/** One piece of evidence behind a link: where it is (source, locator) and what it says. */
export const linkEvidenceSchema = z.object({
  sourceId: z.number().int().nullable(),
  fileName: z.string().nullable(),
  sha256: z.string().nullable(),
  exhibit: z.string().nullable(),
  locator: z.object({
    line: z.number().int().nullable(),
    offset: z.number().int().nullable(),
    messageId: z.string().nullable(),
    entry: z.string().nullable(),
    /** for ads: the ad's own id and the field the identifier was read from */
    ad: z.string().nullable(),
    field: z.string().nullable(),
  }),
  /** the text around the identifier, or the message/ad it refers to */
  excerpt: z.string().nullable(),
  /** what the raw text was where an identifier was read */
  raw: z.string().nullable(),
  note: z.string().nullable(),
  at: z.string().nullable(),
  /** the audit entry of an analyst's decision */
  auditSeq: z.number().int().nullable(),
});
export type LinkEvidence = z.infer<typeof linkEvidenceSchema>;
export const explainedLinkSchema = z.object({ link: graphEdgeSchema, evidence: z.array(linkEvidenceSchema) });
export type ExplainedLink = z.infer<typeof explainedLinkSchema>;
export const whySchema = z.object({
  a: graphNodeSchema,
  b: graphNodeSchema,
  /** every link directly between the two, with all its evidence */
  direct: z.array(explainedLinkSchema),
  /** the shortest chain of links from a to b (fewest hops; at most `evidenceLimit` pieces of evidence per hop), null when none */
  path: z.array(z.object({ from: graphNodeSchema, to: graphNodeSchema, link: graphEdgeSchema, evidence: z.array(linkEvidenceSchema) })).nullable(),
});
export type Why = z.infer<typeof whySchema>;

export const suggestionSchema = z.object({
  id: z.number().int(),
  score: z.number(),
  reasons: z.array(z.object({ code: z.string(), detail: z.string(), weight: z.number() })),
  nodes: z.array(graphNodeSchema),
  status: z.enum(['open', 'accepted', 'rejected']),
  /** the person node an accepted suggestion made or joined */
  person: z.number().int().nullable(),
});
export type SuggestionInfo = z.infer<typeof suggestionSchema>;

export const clusterSchema = z.object({
  id: z.number().int(),
  value: z.string(),
  score: z.number(),
  members: z.array(z.object({ ad: z.string(), source: z.string(), sourceId: z.number().int(), site: z.string().nullable(), title: z.string(), similarity: z.number() })),
});
export type ClusterInfo = z.infer<typeof clusterSchema>;

export const TAINT_MODELS = ['poison', 'haircut', 'fifo', 'lifo', 'tiho'] as const;
const decimalAmount = z.string().trim().regex(/^\d+(\.\d+)?$/, 'an amount such as 600 or 0.5');

/** A saved trace: amounts and taints are decimal strings in the asset's units ("600" USDT, not base units). */
export const traceResultSchema = z.object({
  id: z.number().int(),
  seed: z.string(),
  direction: z.enum(['out', 'in']),
  model: z.enum(TAINT_MODELS),
  fingerprint: z.string(),
  nodes: z.array(z.object({ address: z.string(), hops: z.number().int(), taint: z.string(), asset: z.string(), labels: z.array(z.string()), exit: z.boolean() })),
  edges: z.array(z.object({ from: z.string(), to: z.string(), asset: z.string(), amount: z.string(), taint: z.string(), tx: z.string(), time: z.string() })),
  /** why the trace stopped early (a budget), null when it ran to its end */
  truncated: z.string().nullable(),
});
export type TraceResult = z.infer<typeof traceResultSchema>;

/** What the transfers and chats of a case say beyond single transfers: poisoning, Bitcoin wallets, truncated addresses. */
export const chainFindingsSchema = z.object({
  poisoning: z.array(z.object({ suspect: z.string(), lookalikeOf: z.string().nullable(), victim: z.string(), tx: z.string(), utc: z.string(), reason: z.enum(['lookalike', 'zero-value', 'dust']), confidence: z.number(), detail: z.string() })),
  btcClusters: z.array(z.object({ id: z.string(), addresses: z.array(z.string()), heuristic: z.string(), confidence: z.number(), evidence: z.array(z.string()) })),
  coinjoins: z.array(z.object({ tx: z.string(), heuristic: z.string(), confidence: z.number(), equalOutputs: z.number().int(), value: z.string() })),
  /** labelled guesses only: never merged into a cluster */
  changeGuesses: z.array(z.object({ tx: z.string(), address: z.string(), heuristic: z.string(), confidence: z.number() })),
  /** addresses written cut short in messages (`TWLz…tWVQ`), with the case's addresses that fit */
  truncated: z.array(z.object({ messageId: z.number().int(), sourceId: z.number().int(), line: z.number().int().nullable(), raw: z.string(), candidates: z.array(z.string()) })),
});
export type ChainFindings = z.infer<typeof chainFindingsSchema>;

/**
 * A person or account flagged as a victim. The flagged node and the identifiers it uses are shown
 * under one pseudonym everywhere (graph, evidence excerpts, timeline, exports) until an explicit,
 * audit-logged reveal.
 */
export const victimSchema = z.object({
  pseudonym: z.string(),
  nodeId: z.number().int(),
  kind: z.enum(NODE_KINDS),
  /** the flagged node and the identifier nodes it uses, all masked under the pseudonym */
  coveredNodeIds: z.array(z.number().int()),
  flaggedAt: z.string(),
  flaggedBy: z.string(),
  note: z.string().nullable(),
});
export type VictimInfo = z.infer<typeof victimSchema>;
export const revealedVictimSchema = z.object({ victim: victimSchema, nodes: z.array(graphNodeSchema.extend({ realValue: z.string(), realLabel: z.string().nullable() })) });

/** What the graph is narrowed to. Time bounds keep links with evidence inside the window. */
export const graphFilterSchema = z
  .object({
    nodeKinds: z.array(z.enum(NODE_KINDS)).optional(),
    linkKinds: z.array(z.enum(LINK_KINDS)).optional(),
    /** only nodes and links supported by evidence from these sources */
    sourceIds: z.array(z.number().int()).optional(),
    since: isoTime.optional(),
    until: isoTime.optional(),
  })
  .strict();
export type GraphFilter = z.infer<typeof graphFilterSchema>;

const viewName = z.string().trim().min(1).max(200);
/** A saved picture of the network: filters, node positions (computed once, then kept), hidden, pinned and grouped nodes. */
export const viewSchema = z.object({
  name: viewName,
  filter: graphFilterSchema,
  /** node id → position */
  positions: z.record(z.string().regex(/^\d+$/), z.object({ x: z.number(), y: z.number() })),
  hidden: z.array(z.number().int()),
  pinned: z.array(z.number().int()),
  groups: z.array(z.object({ name: z.string().trim().min(1).max(200), nodeIds: z.array(z.number().int()) })),
  /** the layout that produced the positions, e.g. fcose */
  layout: z.string().max(100),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type ViewInfo = z.infer<typeof viewSchema>;

/** Everything that supports a node: each of its links with the other end and the evidence. */
export const nodeEvidenceSchema = z.object({
  node: graphNodeSchema,
  links: z.array(z.object({ other: graphNodeSchema, link: graphEdgeSchema, evidence: z.array(linkEvidenceSchema) })),
  /** labels, victim flag and decisions about the node itself */
  notes: z.array(z.string()),
});
export type NodeEvidence = z.infer<typeof nodeEvidenceSchema>;

export const timelineEventSchema = z.object({
  at: z.string(),
  kind: z.enum(['message', 'system', 'call', 'ad', 'transfer']),
  /** sender → chat, site and ad title, or from → to */
  title: z.string(),
  text: z.string().nullable(),
  /** amount and asset of a transfer, in the asset's units */
  amount: z.string().nullable(),
  asset: z.string().nullable(),
  /** the selected nodes this event concerns */
  nodeIds: z.array(z.number().int()),
  sourceId: z.number().int().nullable(),
  fileName: z.string().nullable(),
  locator: z.object({ line: z.number().int().nullable(), offset: z.number().int().nullable(), ref: z.string().nullable() }),
});
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

export const sourceReportSchema = z.object({
  source: sourceInfoSchema,
  report: ingestReportSchema.nullable(),
  /** lines that fitted no rule, with their place */
  fragments: z.array(z.object({ line: z.number().int().nullable(), offset: z.number().int().nullable(), text: z.string() })),
  fragmentCount: z.number().int(),
});
export type SourceReport = z.infer<typeof sourceReportSchema>;

export const traceSummarySchema = z.object({ id: z.number().int(), seed: z.string(), direction: z.enum(['out', 'in']), model: z.enum(TAINT_MODELS), fingerprint: z.string(), at: z.string(), by: z.string(), nodes: z.number().int(), exits: z.number().int() });

/** Export formats: network files, tables, the evidence report, and the encrypted exchange package. */
export const EXPORT_FORMATS = ['graphml', 'gexf', 'anx', 'ftm', 'csv', 'xlsx', 'html', 'pdf', 'package'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const exportResultSchema = z.object({
  format: z.enum(EXPORT_FORMATS),
  /** every file written, with its SHA-256 (also in the audit log) */
  files: z.array(z.object({ path: z.string(), sha256: z.string(), bytes: z.number().int() })),
  nodes: z.number().int(),
  edges: z.number().int(),
  /** victims shown under pseudonyms (0 with reveal) */
  redactedVictims: z.number().int(),
  auditSeq: z.number().int(),
});
export type ExportResult = z.infer<typeof exportResultSchema>;
export const importPackageResultSchema = z.object({
  fromCase: z.object({ caseId: z.string(), name: z.string() }),
  sources: z.number().int(),
  nodes: z.number().int(),
  links: z.number().int(),
  /** identifiers the package and this case share (cross-case matches) */
  matches: z.array(z.object({ kind: z.enum(NODE_KINDS), value: z.string(), nodeId: z.number().int(), occurrencesHere: z.number().int() })),
});
export type ImportPackageResult = z.infer<typeof importPackageResultSchema>;

/** A node named by its id (`42`) or its canonical value (`+381641234567`, `tron:T…`). */
const nodeRef = z.union([z.number().int().positive(), z.string().trim().min(1).max(1000)]);

/** How far the ingest under way is: hashing, storing the original, then parsing (bytes). */
export const ingestStatusSchema = z
  .object({
    fileName: z.string(),
    phase: z.enum(['hash', 'store', 'parse']),
    done: z.number(),
    total: z.number(),
  })
  .nullable();
export type IngestStatus = z.infer<typeof ingestStatusSchema>;

/** Every method: its validated input and its result. One table, read by all hosts and clients. */
export const caseApiContract = {
  hostInfo: { input: noInput, output: hostInfoSchema },
  createCase: {
    input: z
      .object({
        path: casePath,
        passphrase,
        name: z.string().trim().min(1).max(200).optional(),
        timezone: timeZone.optional(),
        defaultRegion: z
          .string()
          .regex(/^[A-Z]{2}$/, 'a two-letter ISO 3166 region code such as RS')
          .optional(),
      })
      .strict(),
    output: caseInfoSchema,
  },
  openCase: { input: z.object({ path: casePath, passphrase }).strict(), output: caseInfoSchema },
  closeCase: { input: noInput, output: z.null() },
  caseInfo: { input: noInput, output: caseInfoSchema },
  ingestFile: {
    input: z.object({ path: z.string().min(1, 'a file path is required'), ...provenance }).strict(),
    output: addSourceResultSchema,
  },
  addSource: {
    input: z
      .object({
        fileName: z.string().trim().min(1, 'a file name is required').max(1000),
        bytes: z.instanceof(Uint8Array),
        ...provenance,
      })
      .strict(),
    output: addSourceResultSchema,
  },
  listSources: { input: noInput, output: z.array(sourceInfoSchema) },
  auditLog: {
    input: z
      .object({
        afterSeq: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(10000).optional(),
      })
      .strict()
      .optional(),
    output: z.array(auditEntrySchema),
  },
  verify: { input: noInput, output: verifyReportSchema },
  listEntities: {
    input: z.object({ kind: z.enum(entityKinds).optional() }).strict().optional(),
    output: z.array(entitySchema),
  },
  listMessages: {
    input: z
      .object({
        chatId: z.number().int().optional(),
        search: z.string().trim().min(1).max(500).optional(),
        /** only messages where this identifier occurs, by canonical value (+381641234567, btc:…) */
        identifier: z.string().trim().min(1).max(500).optional(),
        limit: z.number().int().min(1).max(100000).optional(),
      })
      .strict()
      .optional(),
    output: z.array(messageInfoSchema),
  },
  listMappings: { input: noInput, output: z.array(savedMappingSchema) },
  /** the ingest under way, for a progress bar; null when none is */
  ingestStatus: { input: noInput, output: ingestStatusSchema },
  /** the network: every node and link, or those the filter keeps */
  graph: { input: graphFilterSchema.optional(), output: graphSchema },
  /** every link between two nodes with its evidence, and the shortest path */
  why: {
    input: z.object({ a: nodeRef, b: nodeRef, evidenceLimit: z.number().int().min(1).max(100000).optional() }).strict(),
    output: whySchema,
  },
  listSuggestions: {
    input: z.object({ status: z.enum(['open', 'accepted', 'rejected', 'all']).optional() }).strict().optional(),
    output: z.array(suggestionSchema),
  },
  /** accept (merge), reject, or undo a decision (back to open); audit-logged */
  decideSuggestion: {
    input: z.union([
      z.object({ decision: z.enum(['merge', 'reject', 'reopen']), suggestionId: z.number().int().positive(), note: optionalText }).strict(),
      // an analyst may also merge two nodes nobody suggested
      z.object({ decision: z.literal('merge'), a: nodeRef, b: nodeRef, note: optionalText }).strict(),
    ]),
    output: suggestionSchema,
  },
  listClusters: { input: noInput, output: z.array(clusterSchema) },
  /** fetches Ethereum transfers from a node the user configured; every request audit-logged, responses kept as evidence */
  fetchChain: {
    input: z
      .object({
        rpc: z.string().trim().min(1, 'a node URL is required').max(2000),
        addresses: z.array(z.string().trim().min(1)).min(1, 'at least one address').max(1000),
        fromBlock: z.number().int().min(0).optional(),
        toBlock: z.number().int().min(0).optional(),
        hops: z.number().int().min(0).max(10).optional(),
      })
      .strict(),
    output: addSourceResultSchema.extend({ requests: z.number().int(), cached: z.number().int() }),
  },
  chainFindings: { input: noInput, output: chainFindingsSchema },
  /** follows the money from (or to) a wallet through the case's transfers; saved and audit-logged */
  trace: {
    input: z
      .object({
        address: z.string().trim().min(3).max(200),
        direction: z.enum(['out', 'in']).optional(),
        hops: z.number().int().min(1).max(50).optional(),
        model: z.enum(TAINT_MODELS).optional(),
        since: isoTime.optional(),
        until: isoTime.optional(),
        /** in the asset's units, e.g. 10 (USDT) */
        minAmount: decimalAmount.optional(),
        /** which asset to follow when the seed moved several (ETH, erc20:eth:0x…, trc20:tron:T…) */
        asset: z.string().trim().min(1).max(200).optional(),
      })
      .strict(),
    output: traceResultSchema,
  },
  /** case name, time zone, default phone region, language; audit-logged */
  updateSettings: {
    input: z
      .object({
        name: z.string().trim().min(1).max(200).optional(),
        timezone: timeZone.optional(),
        defaultRegion: z.string().regex(/^[A-Z]{2}$/, 'a two-letter ISO 3166 region code such as RS').optional(),
        language: z.enum(CASE_LANGUAGES).optional(),
      })
      .strict(),
    output: caseInfoSchema,
  },
  /** stops the ingest under way; its transaction is rolled back, so the case stays as it was. True if one was running */
  cancelIngest: { input: noInput, output: z.boolean() },
  /** one source's ingest report and its unparsed fragments */
  sourceReport: { input: z.object({ sourceId: z.number().int().positive(), limit: z.number().int().min(1).max(100000).optional() }).strict(), output: sourceReportSchema },
  /** every link of a node with its evidence (at most `evidenceLimit` pieces per link) */
  nodeEvidence: { input: z.object({ node: nodeRef, evidenceLimit: z.number().int().min(1).max(100000).optional() }).strict(), output: nodeEvidenceSchema },
  /** messages, calls, ads and transfers of the given nodes on one time axis, oldest first */
  timeline: {
    input: z.object({ nodes: z.array(nodeRef).min(1).max(1000), since: isoTime.optional(), until: isoTime.optional(), limit: z.number().int().min(1).max(100000).optional() }).strict(),
    output: z.object({ events: z.array(timelineEventSchema), truncated: z.boolean() }),
  },
  /** flags a person or account as a victim (pseudonym V-001…); audit-logged */
  flagVictim: { input: z.object({ node: nodeRef, note: optionalText }).strict(), output: victimSchema },
  unflagVictim: { input: z.object({ node: nodeRef, note: optionalText }).strict(), output: z.null() },
  listVictims: { input: noInput, output: z.array(victimSchema) },
  /** the real identity behind a pseudonym; needs a reason and is audit-logged */
  revealVictim: { input: z.object({ pseudonym: z.string().trim().regex(/^V-\d{3,}$/, 'a pseudonym such as V-001'), reason: z.string().trim().min(3, 'say why the identity is revealed').max(1000) }).strict(), output: revealedVictimSchema },
  saveView: { input: viewSchema.omit({ updatedAt: true, updatedBy: true }).strict(), output: viewSchema },
  getView: { input: z.object({ name: viewName }).strict(), output: viewSchema },
  listViews: { input: noInput, output: z.array(z.object({ name: z.string(), updatedAt: z.string(), nodes: z.number().int() })) },
  deleteView: { input: z.object({ name: viewName }).strict(), output: z.null() },
  listTraces: { input: noInput, output: z.array(traceSummarySchema) },
  getTrace: { input: z.object({ id: z.number().int().positive() }).strict(), output: traceResultSchema },
  /** writes the case (or a saved view of it) in a format for courts, analysts or a partner agency; audit-logged with the SHA-256 of every file */
  exportCase: {
    input: z
      .object({
        format: z.enum(EXPORT_FORMATS),
        /** a file, or for csv a folder */
        out: z.string().trim().min(1, 'an output path is required').max(4000),
        view: viewName.optional(),
        /** victims are pseudonymised unless this is true (logged) */
        revealVictims: z.boolean().optional(),
        /** the passphrase agreed with the partner agency (package only) */
        passphrase: z.string().min(8, 'a package passphrase of at least 8 characters').optional(),
      })
      .strict(),
    output: exportResultSchema,
  },
  /** brings a partner's exchange package into this case, keeping provenance; reports shared identifiers */
  importPackage: { input: z.object({ path: z.string().trim().min(1).max(4000), passphrase: z.string().min(1) }).strict(), output: importPackageResultSchema },
} satisfies Record<CaseApiMethod, { input: z.ZodType; output: z.ZodType }>;

export type CaseApiContract = typeof caseApiContract;
export type MethodInput<K extends CaseApiMethod> = z.input<CaseApiContract[K]['input']>;
export type MethodOutput<K extends CaseApiMethod> = z.output<CaseApiContract[K]['output']>;

type Call<I, O> = undefined extends I ? (input?: I) => O : (input: I) => O;

/** What a host exposes: every method resolves to a Result, never rejects for domain errors. */
export type CaseApi = { [K in CaseApiMethod]: Call<MethodInput<K>, Promise<Result<MethodOutput<K>>>> };

/** What the core implements: plain async methods that throw NitkaError for domain errors. */
export type CaseService = { [K in CaseApiMethod]: (input: z.output<CaseApiContract[K]['input']>) => Promise<MethodOutput<K>> };
