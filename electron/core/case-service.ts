import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaseApi, CaseApiContract, CaseInfo, CaseService, Entity, HostInfo, IngestStatus, MethodOutput } from '../../shared/api/contract';
import type { z } from 'zod';

/** A method's input after validation, as the service receives it. */
type MethodInputOut<K extends keyof CaseApiContract> = z.output<CaseApiContract[K]['input']>;
import { caseApiFromTransport, dispatch } from '../../shared/api/dispatch';
import { NitkaError } from '../../shared/result';
import { NITKA_VERSION } from '../../shared/version';
import { proxy } from 'comlink';
import type { IngestProgress } from './store/case-store';
import { StoreClient, type WorkerEntry } from './store/store-client';
import { runExport, runImport } from './export/run-export';
import { createCancelFlag, requestCancel, type CancelFlag } from './store/ingest-cancel';

export interface CaseServiceOptions {
  host: HostInfo['host'];
  /** who acts, as recorded in the audit log; defaults to user@host of this OS account */
  actor?: string;
  /** the case this host was started for, offered to the UI */
  suggestedCasePath?: string | null;
  workerEntry?: WorkerEntry;
}

/** The OS account that performs actions, as the audit log records it. */
export function defaultActor(): string {
  let user = 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    user = process.env.USER ?? 'unknown';
  }
  return `${user}@${os.hostname()}`;
}

/**
 * The CaseApi implementation in plain Node. At most one case is open per service; its database
 * lives in a worker thread that starts when a case is opened and stops when it is closed.
 */
export class NodeCaseService implements CaseService {
  private client: StoreClient | null = null;
  private readonly actor: string;
  private readonly suggested: string | null;
  private readonly progressListeners = new Set<IngestProgress>();

  constructor(private readonly options: CaseServiceOptions) {
    this.actor = options.actor ?? defaultActor();
    this.suggested = options.suggestedCasePath ? path.resolve(options.suggestedCasePath) : null;
  }

  /** Follows the progress of ingests (hash, store, parse); returns the unsubscribe function. */
  onIngestProgress(listener: IngestProgress): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  /** The ingest under way, as the last progress report said; what `ingestStatus` answers. */
  private current: IngestStatus = null;

  private progressProxy(fileName: string): IngestProgress {
    const listeners = [...this.progressListeners];
    this.current = { fileName, phase: 'hash', done: 0, total: 0 };
    return proxy<IngestProgress>((phase, done, total) => {
      this.current = { fileName, phase, done, total };
      for (const l of listeners) l(phase, done, total);
    });
  }

  /** Cancel flags of the ingests under way (one runs, others may wait for the store worker). */
  private readonly cancelFlags = new Set<CancelFlag>();

  /** Runs one ingest with progress reporting and a cancel flag; the status clears when it ends either way. */
  private async withProgress<T>(fileName: string, run: (progress: IngestProgress, cancel: CancelFlag) => Promise<T>): Promise<T> {
    const cancel = createCancelFlag();
    this.cancelFlags.add(cancel);
    try {
      return await run(this.progressProxy(fileName), cancel);
    } finally {
      this.cancelFlags.delete(cancel);
      this.current = null;
    }
  }

  async ingestStatus(): Promise<IngestStatus> {
    return this.current;
  }

  private requireClient(): StoreClient {
    if (!this.client) throw new NitkaError('no_case_open', 'no case is open: open or create a case first');
    return this.client;
  }

  /** Opens in a new worker; the case already open stays open unless the new one succeeds. */
  private async withFreshClient(run: (c: StoreClient) => Promise<CaseInfo>): Promise<CaseInfo> {
    const client = StoreClient.start(this.options.workerEntry);
    try {
      const info = await run(client);
      await this.closeCase();
      this.client = client;
      return info;
    } catch (e) {
      await client.stop().catch(() => undefined);
      throw e;
    }
  }

  async hostInfo(): Promise<HostInfo> {
    return {
      host: this.options.host,
      version: NITKA_VERSION,
      suggestedCasePath: this.suggested,
      suggestedCaseExists: this.suggested !== null && fs.existsSync(this.suggested),
      openCase: this.client ? await this.client.call('info') : null,
    };
  }

  createCase(input: { path: string; passphrase: string; name?: string | undefined; timezone?: string | undefined; defaultRegion?: string | undefined }): Promise<CaseInfo> {
    const { path: file, passphrase, ...options } = input;
    return this.withFreshClient((c) => c.call('create', file, passphrase, this.actor, options));
  }

  openCase(input: { path: string; passphrase: string }): Promise<CaseInfo> {
    return this.withFreshClient((c) => c.call('open', input.path, input.passphrase, this.actor));
  }

  async closeCase(): Promise<null> {
    const client = this.client;
    this.client = null;
    await client?.stop();
    return null;
  }

  async caseInfo(): Promise<CaseInfo> {
    const info = await this.requireClient().call('info');
    if (!info) throw new NitkaError('no_case_open', 'no case is open');
    return info;
  }

  ingestFile(input: MethodInputOut<'ingestFile'>) {
    const { path: file, ...provenance } = input;
    const client = this.requireClient();
    return this.withProgress(path.basename(file), (progress, cancel) => client.call('ingestFile', file, provenance, this.actor, progress, cancel));
  }

  addSource(input: MethodInputOut<'addSource'>) {
    const { fileName, bytes, ...provenance } = input;
    const client = this.requireClient();
    return this.withProgress(fileName, (progress, cancel) => client.call('addBytes', fileName, bytes, provenance, this.actor, progress, cancel));
  }

  listSources() {
    return this.requireClient().call('listSources');
  }

  auditLog(input?: { afterSeq?: number | undefined; limit?: number | undefined }) {
    return this.requireClient().call('auditLog', input?.afterSeq, input?.limit);
  }

  verify() {
    return this.requireClient().call('verify', this.actor);
  }

  listEntities(input?: { kind?: Entity['kind'] | undefined }) {
    return this.requireClient().call('listEntities', input?.kind);
  }

  listMessages(input?: { chatId?: number | undefined; search?: string | undefined; identifier?: string | undefined; limit?: number | undefined }) {
    return this.requireClient().call('listMessages', { ...input });
  }

  listMappings() {
    return this.requireClient().call('listMappings');
  }

  graph(input?: MethodInputOut<'graph'>) {
    return this.requireClient().call('graph', { ...input });
  }

  why(input: MethodInputOut<'why'>) {
    return this.requireClient().call('why', input.a, input.b, input.evidenceLimit);
  }

  listSuggestions(input?: MethodInputOut<'listSuggestions'>) {
    return this.requireClient().call('listSuggestions', input?.status);
  }

  decideSuggestion(input: MethodInputOut<'decideSuggestion'>) {
    return this.requireClient().call('decideSuggestion', { ...input }, this.actor);
  }

  listClusters() {
    return this.requireClient().call('listClusters');
  }

  chainFindings() {
    return this.requireClient().call('chainFindings');
  }

  trace(input: MethodInputOut<'trace'>) {
    return this.requireClient().call('trace', { ...input }, this.actor);
  }

  fetchChain(input: MethodInputOut<'fetchChain'>) {
    return this.requireClient().call('fetchChain', { url: input.rpc, addresses: input.addresses, fromBlock: input.fromBlock, toBlock: input.toBlock, hops: input.hops }, this.actor);
  }

  // ---- under construction this session (issues 6 and 7): each is replaced by its real delegation ----
  updateSettings(input: MethodInputOut<'updateSettings'>): Promise<MethodOutput<'updateSettings'>> {
    return this.requireClient().call('updateSettings', { ...input }, this.actor);
  }

  /**
   * Stops every ingest under way, the running one and any waiting for the store: each rolls back
   * and rejects with 'cancelled'. Set in shared memory, so it works while the store thread is busy.
   */
  async cancelIngest(_input: MethodInputOut<'cancelIngest'>): Promise<MethodOutput<'cancelIngest'>> {
    for (const flag of this.cancelFlags) requestCancel(flag);
    return this.cancelFlags.size > 0;
  }

  sourceReport(input: MethodInputOut<'sourceReport'>): Promise<MethodOutput<'sourceReport'>> {
    return this.requireClient().call('sourceReport', input.sourceId, input.limit);
  }

  nodeEvidence(input: MethodInputOut<'nodeEvidence'>): Promise<MethodOutput<'nodeEvidence'>> {
    return this.requireClient().call('nodeEvidence', input.node, input.evidenceLimit);
  }

  timeline(input: MethodInputOut<'timeline'>): Promise<MethodOutput<'timeline'>> {
    return this.requireClient().call('timeline', { ...input });
  }

  flagVictim(input: MethodInputOut<'flagVictim'>): Promise<MethodOutput<'flagVictim'>> {
    return this.requireClient().call('flagVictim', input.node, input.note, this.actor);
  }

  unflagVictim(input: MethodInputOut<'unflagVictim'>): Promise<MethodOutput<'unflagVictim'>> {
    return this.requireClient().call('unflagVictim', input.node, input.note, this.actor);
  }

  listVictims(_input: MethodInputOut<'listVictims'>): Promise<MethodOutput<'listVictims'>> {
    return this.requireClient().call('listVictims');
  }

  revealVictim(input: MethodInputOut<'revealVictim'>): Promise<MethodOutput<'revealVictim'>> {
    return this.requireClient().call('revealVictim', input.pseudonym, input.reason, this.actor);
  }

  saveView(input: MethodInputOut<'saveView'>): Promise<MethodOutput<'saveView'>> {
    return this.requireClient().call('saveView', { ...input }, this.actor);
  }

  getView(input: MethodInputOut<'getView'>): Promise<MethodOutput<'getView'>> {
    return this.requireClient().call('getView', input.name);
  }

  listViews(_input: MethodInputOut<'listViews'>): Promise<MethodOutput<'listViews'>> {
    return this.requireClient().call('listViews');
  }

  deleteView(input: MethodInputOut<'deleteView'>): Promise<MethodOutput<'deleteView'>> {
    return this.requireClient().call('deleteView', input.name, this.actor);
  }

  listTraces(_input: MethodInputOut<'listTraces'>): Promise<MethodOutput<'listTraces'>> {
    return this.requireClient().call('listTraces');
  }

  getTrace(input: MethodInputOut<'getTrace'>): Promise<MethodOutput<'getTrace'>> {
    return this.requireClient().call('getTrace', input.id);
  }

  /** Writes the case or a view in one format; victims pseudonymised unless revealed; audit-logged with every file's SHA-256. */
  exportCase(input: MethodInputOut<'exportCase'>): Promise<MethodOutput<'exportCase'>> {
    return runExport(this.requireClient(), input, this.actor);
  }

  /** Decrypts and checks a partner's package, then ingests its sources here; reports shared identifiers. */
  importPackage(input: MethodInputOut<'importPackage'>): Promise<MethodOutput<'importPackage'>> {
    return runImport(this.requireClient(), input, this.actor);
  }
}

/** The in-process host: the CaseApi over direct calls, validated exactly as the other hosts do. */
export function inProcessCaseApi(service: CaseService): CaseApi {
  return caseApiFromTransport((method, input) => dispatch(service, method, input));
}
