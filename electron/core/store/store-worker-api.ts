import type { AddSourceResult, AuditEntry, CaseInfo, Entity, MessageInfo, SourceInfo, VerifyReport } from '../../../shared/api/contract';
import { NitkaError, ok, toErrorValue, type Result } from '../../../shared/result';
import { CaseStore, type IngestProgress, type Provenance } from './case-store';

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
    ingestFile(file: string, provenance: Provenance, actor: string, onProgress?: IngestProgress): Result<AddSourceResult> {
      return guard(() => current().ingestFile(file, provenance, actor, throttled(onProgress)));
    },
    addBytes(fileName: string, bytes: Uint8Array, provenance: Provenance, actor: string, onProgress?: IngestProgress): Result<AddSourceResult> {
      return guard(() => current().addBytes(fileName, bytes, provenance, actor, throttled(onProgress)));
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
    listMessages(options: { chatId?: number; search?: string; limit?: number }): Result<MessageInfo[]> {
      return guard(() => current().listMessages(options));
    },
    verify(actor: string): Result<VerifyReport> {
      return guard(() => current().verify(actor));
    },
  };
}

export type StoreWorkerApi = ReturnType<typeof createStoreWorkerApi>;
