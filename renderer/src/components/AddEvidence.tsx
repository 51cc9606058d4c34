import { useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import type { AddSourceResult, CaseApi, ColumnMapping, IngestReport, IngestStatus, SavedMapping } from '../../../shared/api/contract';
import { formatBytes } from '../../../shared/format-bytes';
import type { NitkaErrorValue } from '../../../shared/result';
import { useI18n, type Translate } from '../i18n/i18n';
import { filesOfDrop, takeDropped } from './dropped-files';
import { SourceReport } from './SourceReport';

type DateOrder = 'dmy' | 'mdy' | 'ymd';
/** What the ingest asked before it can read a file. */
type Question = { file: string; kind: 'dateOrder' } | { file: string; kind: 'mapping'; columns: string[] };
type Answer = { dateOrder: DateOrder } | { mapping: ColumnMapping; saveMappingAs?: string } | { format: 'raw' } | null;

const MAPPING_FIELDS = ['time', 'body', 'sender', 'chat', 'messageId', 'replyTo', 'attachment'] as const;

function questionOf(file: string, error: NitkaErrorValue): Question | null {
  const needs = error.details?.needs;
  if (needs === 'dateOrder') return { file, kind: 'dateOrder' };
  if (needs === 'mapping' && Array.isArray(error.details?.columns)) return { file, kind: 'mapping', columns: (error.details.columns as unknown[]).map(String) };
  return null;
}

export function reportSummary(t: Translate, r: IngestReport): string {
  if (r.transfers || r.labels) return t('add.reportTransfers', { format: r.format, transfers: r.transfers, labels: r.labels, links: r.links });
  if (r.format.startsWith('ads-') || r.format === 'image') {
    return t('add.reportAds', { format: r.format, ads: r.ads, images: r.images, identifiers: r.identifiers, links: r.links, suggestions: r.suggestions, clusters: r.clusters });
  }
  return t('add.report', { format: r.format, messages: r.messages, accounts: r.accounts, identifiers: r.identifiers, fragments: r.fragments, attachments: r.attachments });
}

/** One file of a batch and how far it got. */
interface FileRow {
  name: string;
  size: number;
  state: 'waiting' | 'reading' | 'added' | 'duplicate' | 'failed' | 'skipped' | 'cancelled';
  /** the ingest's own progress while this file is read */
  progress: IngestStatus;
  text: string;
  sourceId: number | null;
  format: string | null;
}

const TONE: Record<FileRow['state'], 'ok' | 'warn' | 'error' | 'wait'> = {
  waiting: 'wait',
  reading: 'wait',
  added: 'ok',
  duplicate: 'warn',
  failed: 'error',
  skipped: 'warn',
  cancelled: 'warn',
};

/**
 * Adds evidence files one by one, picked or dropped (folders are walked): a progress bar per file
 * from the ingest itself, a Cancel that rolls the file under way back, and when a file cannot be
 * read without a decision (the date order of an undecidable chat, the columns of a message table)
 * the question, then the same file again with the answer.
 */
export function AddEvidence({ api, onAdded, pickTick = 0 }: { api: CaseApi; onAdded: () => void | Promise<void>; pickTick?: number }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [exhibit, setExhibit] = useState('');
  const [note, setNote] = useState('');
  const [rows, setRows] = useState<FileRow[]>([]);
  const [status, setStatus] = useState<IngestStatus>(null);
  const [question, setQuestion] = useState<Question | null>(null);
  const [saved, setSaved] = useState<SavedMapping[]>([]);
  const [dragging, setDragging] = useState(false);
  const [openReport, setOpenReport] = useState<number | null>(null);
  const [chosen, setChosen] = useState(0);
  const answer = useRef<((a: Answer) => void) | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const cancelled = useRef(false);

  // Ctrl+O opens the file picker (the shortcut's key press is the user activation it needs).
  const lastPick = useRef(pickTick);
  useEffect(() => {
    if (pickTick !== lastPick.current) {
      lastPick.current = pickTick;
      fileInput.current?.click();
    }
  }, [pickTick]);

  // Poll the host while an ingest runs: every host answers ingestStatus without touching the database.
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => {
      void api.ingestStatus().then((r) => r.ok && setStatus(r.value));
    }, 250);
    return () => clearInterval(timer);
  }, [api, busy]);

  // The latest progress belongs to the file being read (the host names it).
  useEffect(() => {
    if (!status) return;
    setRows((rs) => rs.map((r) => (r.state === 'reading' && r.name === status.fileName ? { ...r, progress: status } : r)));
  }, [status]);

  const ask = (q: Question): Promise<Answer> =>
    new Promise((resolve) => {
      answer.current = resolve;
      setQuestion(q);
    });

  function reply(a: Answer) {
    setQuestion(null);
    answer.current?.(a);
    answer.current = null;
  }

  async function cancel() {
    cancelled.current = true;
    // A question on screen is answered "skip"; a file being read is rolled back by the core.
    if (answer.current) reply(null);
    await api.cancelIngest();
  }

  async function ingest(files: File[]) {
    if (files.length === 0 || busy) return;
    setBusy(true);
    cancelled.current = false;
    setOpenReport(null);
    const list: FileRow[] = files.map((f) => ({ name: f.name, size: f.size, state: 'waiting', progress: null, text: '', sourceId: null, format: null }));
    setRows(list);
    const update = (i: number, patch: Partial<FileRow>) => {
      list[i] = { ...list[i]!, ...patch };
      setRows([...list]);
    };
    const m = await api.listMappings();
    if (m.ok) setSaved(m.value);
    for (const [i, file] of files.entries()) {
      if (cancelled.current) {
        update(i, { state: 'skipped', text: t('add.notAdded', { file: file.name }) });
        continue;
      }
      update(i, { state: 'reading' });
      const bytes = new Uint8Array(await file.arrayBuffer());
      let extra: Answer = null;
      for (;;) {
        const r: { ok: true; value: AddSourceResult } | { ok: false; error: NitkaErrorValue } = await api.addSource({
          fileName: file.name,
          bytes,
          ...(exhibit.trim() ? { exhibit } : {}),
          ...(note.trim() ? { note } : {}),
          ...(extra ?? {}),
        });
        if (r.ok) {
          const full: IngestStatus = { fileName: file.name, phase: 'parse', done: file.size, total: file.size };
          if (r.value.duplicate) update(i, { state: 'duplicate', progress: full, sourceId: r.value.source.id, text: t('add.duplicate', { file: file.name, id: r.value.source.id }) });
          else {
            const report = r.value.report;
            const summary = report && report.format !== 'raw' ? ` ${reportSummary(t, report)}` : '';
            update(i, { state: 'added', progress: full, sourceId: r.value.source.id, format: report?.format ?? null, text: `${t('add.added', { file: file.name, sha: r.value.source.sha256 })}${summary}` });
          }
          break;
        }
        if (r.error.kind === 'cancelled') {
          update(i, { state: 'cancelled', progress: null, text: t('add.cancelled', { file: file.name }) });
          break;
        }
        const q = cancelled.current ? null : questionOf(file.name, r.error);
        if (!q) {
          update(i, { state: cancelled.current ? 'skipped' : 'failed', progress: null, text: cancelled.current ? t('add.notAdded', { file: file.name }) : t('add.failed', { file: file.name, message: r.error.message }) });
          break;
        }
        extra = await ask(q);
        if (!extra) {
          update(i, { state: 'skipped', progress: null, text: t('add.skipped', { file: file.name }) });
          break;
        }
      }
    }
    if (fileInput.current) fileInput.current.value = '';
    setChosen(0);
    setStatus(null);
    setBusy(false);
    await onAdded();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    void ingest([...(fileInput.current?.files ?? [])]);
  }

  function drop(e: DragEvent<HTMLElement>) {
    e.preventDefault();
    setDragging(false);
    if (busy) return;
    const dropped = takeDropped(e.dataTransfer);
    void filesOfDrop(dropped).then(ingest);
  }

  const current = rows.find((r) => r.state === 'reading');

  return (
    <form className="panel add-form" onSubmit={submit} aria-labelledby="add-heading">
      <h2 id="add-heading">{t('add.heading')}</h2>
      <div
        className={dragging ? 'dropzone dragging' : 'dropzone'}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = busy ? 'none' : 'copy';
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
        data-testid="dropzone"
      >
        <p>{t('add.dropHint')}</p>
        <div className="row">
          <label className="field grow">
            <span>{t('add.files')}</span>
            <input ref={fileInput} type="file" multiple required onChange={(e) => setChosen(e.target.files?.length ?? 0)} data-testid="evidence-files" />
          </label>
          <label className="field">
            <span>{t('add.exhibit')}</span>
            <input value={exhibit} onChange={(e) => setExhibit(e.target.value)} data-testid="exhibit" />
          </label>
          <label className="field grow">
            <span>{t('add.note')}</span>
            <input value={note} onChange={(e) => setNote(e.target.value)} data-testid="note" />
          </label>
          <button type="submit" className="primary" disabled={busy} data-testid="add-evidence" title="Ctrl+O">
            {busy ? t('add.working') : chosen > 1 ? t('add.submitMany', { count: chosen }) : t('add.submit')}
          </button>
          {busy && (
            <button type="button" onClick={cancel} data-testid="cancel-ingest">
              {t('add.cancel')}
            </button>
          )}
        </div>
      </div>
      {busy && current?.progress && current.progress.total > 0 && (
        <div className="progress" data-testid="ingest-progress" role="status">
          <progress max={current.progress.total} value={current.progress.done} />
          <span>
            {t(`add.phase.${current.progress.phase}`, { file: current.progress.fileName })} {formatBytes(current.progress.done)} / {formatBytes(current.progress.total)}
          </span>
        </div>
      )}
      {question?.kind === 'dateOrder' && <DateOrderQuestion file={question.file} onAnswer={reply} />}
      {question?.kind === 'mapping' && <MappingQuestion file={question.file} columns={question.columns} saved={saved} onAnswer={reply} />}
      {rows.length > 0 && (
        <ul className="notices files" data-testid="add-notices" aria-live="polite">
          {rows.map((r, i) => (
            <li key={i} className={`notice-${TONE[r.state]}`} data-testid="ingest-file" data-state={r.state} data-format={r.format ?? ''}>
              <div className="file-line">
                <span className="file-name">{r.name}</span>
                {r.format && <span className="badge mono" data-testid="detected-format">{r.format}</span>}
                <span className="file-state">{t(`add.state.${r.state}`)}</span>
                <progress className="file-progress" max={r.progress?.total || r.size || 1} value={r.state === 'waiting' ? 0 : (r.progress?.done ?? 0)} aria-label={t('add.progressOf', { file: r.name })} />
                {r.sourceId !== null && (
                  <button type="button" className="link" onClick={() => setOpenReport(openReport === i ? null : i)} aria-expanded={openReport === i} data-testid="ingest-report-toggle">
                    {openReport === i ? t('sources.hideReport') : t('sources.showReport')}
                  </button>
                )}
              </div>
              {r.text && <div className="file-text">{r.text}</div>}
              {openReport === i && r.sourceId !== null && <SourceReport api={api} sourceId={r.sourceId} />}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}

function DateOrderQuestion({ file, onAnswer }: { file: string; onAnswer: (a: Answer) => void }) {
  const { t } = useI18n();
  return (
    <div className="question" role="dialog" aria-labelledby="date-order-q" data-testid="date-order-question">
      <p id="date-order-q">{t('ask.dateOrder', { file })}</p>
      <div className="row">
        {(['dmy', 'mdy', 'ymd'] as const).map((o) => (
          <button key={o} type="button" onClick={() => onAnswer({ dateOrder: o })} data-testid={`date-order-${o}`}>
            {t(`ask.dateOrder.${o}`)}
          </button>
        ))}
        <button type="button" onClick={() => onAnswer(null)}>
          {t('ask.skip')}
        </button>
      </div>
    </div>
  );
}

function MappingQuestion({ file, columns, saved, onAnswer }: { file: string; columns: string[]; saved: SavedMapping[]; onAnswer: (a: Answer) => void }) {
  const { t } = useI18n();
  const [mapping, setMapping] = useState<Partial<Record<(typeof MAPPING_FIELDS)[number], string>>>({});
  const [timeFormat, setTimeFormat] = useState('');
  const [saveAs, setSaveAs] = useState('');
  const complete = !!mapping.time && !!mapping.body;
  function submit() {
    if (!complete) return;
    const chosen: ColumnMapping = { time: mapping.time!, body: mapping.body! };
    for (const f of MAPPING_FIELDS) if (mapping[f] && f !== 'time' && f !== 'body') chosen[f] = mapping[f];
    if (timeFormat.trim()) chosen.timeFormat = timeFormat.trim();
    onAnswer({ mapping: chosen, ...(saveAs.trim() ? { saveMappingAs: saveAs.trim() } : {}) });
  }
  return (
    <div className="question" role="dialog" aria-labelledby="mapping-q" data-testid="mapping-question">
      <p id="mapping-q">{t('ask.mapping', { file })}</p>
      {saved.length > 0 && <p className="hint">{t('ask.mapping.saved', { names: saved.map((s) => s.name).join(', ') })}</p>}
      <div className="row">
        {MAPPING_FIELDS.map((f) => (
          <label key={f} className="field">
            <span>
              {t(`ask.field.${f}`)}
              {(f === 'time' || f === 'body') && ' *'}
            </span>
            <select value={mapping[f] ?? ''} onChange={(e) => setMapping({ ...mapping, [f]: e.target.value || undefined })} data-testid={`map-${f}`}>
              <option value="">{t('ask.field.none')}</option>
              {columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <div className="row">
        <label className="field grow">
          <span>{t('ask.timeFormat')}</span>
          <input value={timeFormat} onChange={(e) => setTimeFormat(e.target.value)} placeholder="dd.MM.yyyy HH:mm:ss" data-testid="map-time-format" />
        </label>
        <label className="field">
          <span>{t('ask.saveAs')}</span>
          <input value={saveAs} onChange={(e) => setSaveAs(e.target.value)} data-testid="map-save-as" />
        </label>
        <button type="button" className="primary" disabled={!complete} onClick={submit} data-testid="map-submit">
          {t('ask.read')}
        </button>
        <button type="button" onClick={() => onAnswer({ format: 'raw' })} data-testid="map-store-only">
          {t('ask.storeOnly')}
        </button>
        <button type="button" onClick={() => onAnswer(null)}>
          {t('ask.skip')}
        </button>
      </div>
    </div>
  );
}
