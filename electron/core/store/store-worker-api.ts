import type { AddSourceResult, AuditEntry, CaseInfo, ChainFindings, TraceResult, ClusterInfo, Graph, SuggestionInfo, Why, Entity, MessageInfo, SavedMapping, SourceInfo, VerifyReport } from '../../../shared/api/contract';
import { NitkaError, ok, toErrorValue, type Result } from '../../../shared/result';
import path from 'node:path';
import type { SourceInput } from '../../../workers/ingest/ingest.api';
import { CaseStore, type IngestProgress, type Provenance } from './case-store';
import { startParse, type ParseStream } from './ingest-client';
import { throwIfCancelled, type CancelFlag } from './ingest-cancel';
import type { NodeEvidence, SourceReport, TimelineEvent } from '../../../shared/api/contract';
import type { ImportPackageResult } from '../../../shared/api/contract';
import type { CaseExporter, ExportOptions } from '../export/case-exporter';
import type { PackageContents } from '../../../workers/export/package-format';

/** At most a few progress messages a second cross the thread boundary. */
function throttled(report: IngestProgress | undefined): IngestProgress | undefined {
  if (!report) return undefined;
  let last = 0;
  return (phase, done, total) => {
    const now = Date.now();
    if (done === total || now - last >= 200) {
      last = now;
      void report(phase, done, total);
    }
  };
}

async function guardAsync<T>(fn: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await fn());
  } catch (e) {
    return { ok: false, error: toErrorValue(e) };
  }
}

/**
 * Runs one ingest with the parsing in its own worker thread, so this thread only writes. The
 * parser starts before hashing, which then overlaps with it; a duplicate source just stops it.
 */
async function withParseWorker<T>(store: CaseStore, fileName: string, provenance: Provenance, input: SourceInput, run: (items: ParseStream['items'] | undefined) => T): Promise<T> {
  if (provenance.format === 'raw') return run(undefined);
  const besideDir = 'path' in input ? path.dirname(path.resolve(input.path)) : null;
  const stream = await startParse({ fileName, besideDir, ...store.parseSettings(provenance) }, input);
  try {
    return run(stream.items);
  } finally {
    await stream.stop();
  }
}

/**
 * Runs one ingest that the host may cancel: not started at all when the cancel came first, and
 * recorded in the audit log when it stopped (the source's transaction has rolled back by then).
 */
async function cancellable<T>(store: CaseStore, fileName: string, originalPath: string | null, actor: string, cancel: CancelFlag | undefined, run: () => Promise<T>): Promise<T> {
  try {
    throwIfCancelled(cancel, fileName);
    return await run();
  } catch (e) {
    if (e instanceof NitkaError && e.kind === 'cancelled') store.ingestCancelled(fileName, originalPath, actor);
    throw e;
  }
}

function guard<T>(fn: () => T): Result<T> {
  try {
    return ok(fn());
  } catch (e) {
    return { ok: false, error: toErrorValue(e) };
  }
}

/**
 * The database engine behind comlink. It runs in one worker thread that owns the one
 * connection (the single writer); every method returns a Result because comlink would
 * flatten a thrown NitkaError into a plain Error and lose its kind.
 */
export function createStoreWorkerApi() {
  let store: CaseStore | null = null;
  const current = (): CaseStore => {
    if (!store) throw new NitkaError('no_case_open', 'no case is open');
    return store;
  };
  const replace = (next: CaseStore): CaseInfo => {
    store?.close();
    store = next;
    return next.info();
  };
  return {
    create(file: string, passphrase: string, actor: string, options: { name?: string; timezone?: string; defaultRegion?: string }): Result<CaseInfo> {
      return guard(() => replace(CaseStore.create(file, passphrase, actor, options)));
    },
    open(file: string, passphrase: string, actor: string): Result<CaseInfo> {
      return guard(() => replace(CaseStore.open(file, passphrase, actor)));
    },
    close(): Result<null> {
      return guard(() => {
        store?.close();
        store = null;
        return null;
      });
    },
    info(): Result<CaseInfo | null> {
      return guard(() => store?.info() ?? null);
    },
    ingestFile(file: string, provenance: Provenance, actor: string, onProgress?: IngestProgress, cancel?: CancelFlag): Promise<Result<AddSourceResult>> {
      return guardAsync(async () => {
        const store = current();
        const abs = path.resolve(file);
        // A path that cannot be read fails in the store first, with its message; the worker just stops.
        return cancellable(store, path.basename(abs), abs, actor, cancel, () => withParseWorker(store, path.basename(abs), provenance, { path: abs }, (items) => store.ingestFile(file, provenance, actor, throttled(onProgress), items, cancel)));
      });
    },
    addBytes(fileName: string, bytes: Uint8Array, provenance: Provenance, actor: string, onProgress?: IngestProgress, cancel?: CancelFlag): Promise<Result<AddSourceResult>> {
      return guardAsync(async () => {
        const store = current();
        const name = CaseStore.sourceName(fileName);
        return cancellable(store, name, null, actor, cancel, () => withParseWorker(store, name, provenance, { bytes }, (items) => store.addBytes(fileName, bytes, provenance, actor, throttled(onProgress), items, cancel)));
      });
    },
    listSources(): Result<SourceInfo[]> {
      return guard(() => current().listSources());
    },
    auditLog(afterSeq?: number, limit?: number): Result<AuditEntry[]> {
      return guard(() => current().auditLog(afterSeq, limit));
    },
    listEntities(kind?: Entity['kind']): Result<Entity[]> {
      return guard(() => current().listEntities(kind));
    },
    listMessages(options: { chatId?: number; search?: string; identifier?: string; limit?: number }): Result<MessageInfo[]> {
      return guard(() => current().listMessages(options));
    },
    listMappings(): Result<SavedMapping[]> {
      return guard(() => current().listMappings());
    },
    graph(options: Parameters<CaseStore['graph']>[0]): Result<Graph> {
      return guard(() => current().graph(options));
    },
    why(a: number | string, b: number | string, evidenceLimit?: number): Result<Why> {
      return guard(() => current().why(a, b, evidenceLimit));
    },
    listSuggestions(status?: 'open' | 'accepted' | 'rejected' | 'all'): Result<SuggestionInfo[]> {
      return guard(() => current().listSuggestions(status));
    },
    decideSuggestion(input: { decision: 'merge' | 'reject' | 'reopen'; suggestionId?: number; a?: number | string; b?: number | string; note?: string }, actor: string): Result<SuggestionInfo> {
      return guard(() => current().decideSuggestion(input, actor));
    },
    listClusters(): Result<ClusterInfo[]> {
      return guard(() => current().listClusters());
    },
    chainFindings(): Result<ChainFindings> {
      return guard(() => current().chainFindings());
    },
    trace(input: Parameters<CaseStore['trace']>[0], actor: string): Result<TraceResult> {
      return guard(() => current().trace(input, actor));
    },
    fetchChain(options: { url: string; addresses: string[]; fromBlock?: number; toBlock?: number; hops?: number }, actor: string): Promise<Result<AddSourceResult & { requests: number; cached: number }>> {
      return guardAsync(() => current().fetchChain(options, actor));
    },
    // ---- victims, settings, saved views and traces (issue 6) ----
    flagVictim(node: number | string, note: string | undefined, actor: string): Result<ReturnType<CaseStore['flagVictim']>> {
      return guard(() => current().flagVictim(node, note, actor));
    },
    unflagVictim(node: number | string, note: string | undefined, actor: string): Result<null> {
      return guard(() => current().unflagVictim(node, note, actor));
    },
    listVictims(): Result<ReturnType<CaseStore['listVictims']>> {
      return guard(() => current().listVictims());
    },
    revealVictim(pseudonym: string, reason: string, actor: string): Result<ReturnType<CaseStore['revealVictim']>> {
      return guard(() => current().revealVictim(pseudonym, reason, actor));
    },
    updateSettings(settings: Parameters<CaseStore['updateSettings']>[0], actor: string): Result<CaseInfo> {
      return guard(() => current().updateSettings(settings, actor));
    },
    saveView(view: Parameters<CaseStore['saveView']>[0], actor: string): Result<ReturnType<CaseStore['saveView']>> {
      return guard(() => current().saveView(view, actor));
    },
    getView(name: string): Result<ReturnType<CaseStore['getView']>> {
      return guard(() => current().getView(name));
    },
    listViews(): Result<ReturnType<CaseStore['listViews']>> {
      return guard(() => current().listViews());
    },
    deleteView(name: string, actor: string): Result<null> {
      return guard(() => current().deleteView(name, actor));
    },
    listTraces(): Result<ReturnType<CaseStore['listTraces']>> {
      return guard(() => current().listTraces());
    },
    getTrace(id: number): Result<TraceResult> {
      return guard(() => current().getTrace(id));
    },
    // ---- node evidence, timeline, source reports (issue 6) ----
    nodeEvidence(node: number | string, evidenceLimit?: number): Result<NodeEvidence> {
      return guard(() => current().nodeEvidence(node, evidenceLimit));
    },
    timeline(input: Parameters<CaseStore['timeline']>[0]): Result<{ events: TimelineEvent[]; truncated: boolean }> {
      return guard(() => current().timeline(input));
    },
    sourceReport(sourceId: number, limit?: number): Result<SourceReport> {
      return guard(() => current().sourceReport(sourceId, limit));
    },
    verify(actor: string): Result<VerifyReport> {
      return guard(() => current().verify(actor));
    },
    // ---- exports and exchange packages (issue 7; electron/core/export) ----
    exportModel(options: ExportOptions, actor: string): Result<ReturnType<CaseExporter['model']>> {
      return guard(() => current().exporter().model(options, actor));
    },
    exportSourceBytes(sourceId: number): Result<Uint8Array> {
      return guard(() => current().exporter().sourceBytes(sourceId));
    },
    recordExport(details: Record<string, unknown>, actor: string): Result<number> {
      return guard(() => current().exporter().record('export', details, actor));
    },
    importPackage(contents: PackageContents, pkg: { sha256: string; fileName: string }, actor: string): Result<ImportPackageResult> {
      return guard(() => current().exporter().importPackage(contents, pkg, actor));
    },
  };
}

export type StoreWorkerApi = ReturnType<typeof createStoreWorkerApi>;
