import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AddSourceResult, CaseApi, ColumnMapping, IngestReport, IngestStatus, SavedMapping } from '../../../shared/api/contract';
import { formatBytes } from '../../../shared/format-bytes';
import type { NitkaErrorValue } from '../../../shared/result';
import { useI18n, type Translate } from '../i18n/i18n';

interface Notice {
  tone: 'ok' | 'warn' | 'error';
  text: string;
}

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

/**
 * Adds evidence files one by one: shows the progress of the ingest under way, and when a file
 * cannot be read without a decision (the date order of an undecidable chat, the columns of a
 * message table) asks it, then retries that file with the answer.
 */
export function AddEvidence({ api, onAdded }: { api: CaseApi; onAdded: () => Promise<void> }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [exhibit, setExhibit] = useState('');
  const [note, setNote] = useState('');
  const [notices, setNotices] = useState<Notice[]>([]);
  const [status, setStatus] = useState<IngestStatus>(null);
  const [question, setQuestion] = useState<Question | null>(null);
  const [saved, setSaved] = useState<SavedMapping[]>([]);
  const answer = useRef<((a: Answer) => void) | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  // Poll the host while an ingest runs: every host answers ingestStatus without touching the database.
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => {
      void api.ingestStatus().then((r) => r.ok && setStatus(r.value));
    }, 250);
    return () => clearInterval(timer);
  }, [api, busy]);

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

  async function addEvidence(e: FormEvent) {
    e.preventDefault();
    const files = [...(fileInput.current?.files ?? [])];
    if (files.length === 0) return;
    setBusy(true);
    setNotices([]);
    const m = await api.listMappings();
    if (m.ok) setSaved(m.value);
    const out: Notice[] = [];
    for (const file of files) {
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
          if (r.value.duplicate) out.push({ tone: 'warn', text: t('add.duplicate', { file: file.name, id: r.value.source.id }) });
          else {
            const summary = r.value.report && r.value.report.format !== 'raw' ? ` ${reportSummary(t, r.value.report)}` : '';
            out.push({ tone: 'ok', text: `${t('add.added', { file: file.name, sha: r.value.source.sha256 })}${summary}` });
          }
          break;
        }
        const q = questionOf(file.name, r.error);
        if (!q) {
          out.push({ tone: 'error', text: t('add.failed', { file: file.name, message: r.error.message }) });
          break;
        }
        setNotices([...out]);
        extra = await ask(q);
        if (!extra) {
          out.push({ tone: 'warn', text: t('add.skipped', { file: file.name }) });
          break;
        }
      }
      setNotices([...out]);
    }
    if (fileInput.current) fileInput.current.value = '';
    setStatus(null);
    setBusy(false);
    await onAdded();
  }

  return (
    <form className="panel add-form" onSubmit={addEvidence} aria-labelledby="add-heading">
      <h2 id="add-heading">{t('add.heading')}</h2>
      <div className="row">
        <label className="field grow">
          <span>{t('add.files')}</span>
          <input ref={fileInput} type="file" multiple required data-testid="evidence-files" />
        </label>
        <label className="field">
          <span>{t('add.exhibit')}</span>
          <input value={exhibit} onChange={(e) => setExhibit(e.target.value)} data-testid="exhibit" />
        </label>
        <label className="field grow">
          <span>{t('add.note')}</span>
          <input value={note} onChange={(e) => setNote(e.target.value)} data-testid="note" />
        </label>
        <button type="submit" className="primary" disabled={busy} data-testid="add-evidence">
          {busy ? t('add.working') : t('add.submit')}
        </button>
      </div>
      {busy && status && status.total > 0 && (
        <div className="progress" data-testid="ingest-progress">
          <progress max={status.total} value={status.done} />
          <span>
            {t(`add.phase.${status.phase}`, { file: status.fileName })} {formatBytes(status.done)} / {formatBytes(status.total)}
          </span>
        </div>
      )}
      {question?.kind === 'dateOrder' && <DateOrderQuestion file={question.file} onAnswer={reply} />}
      {question?.kind === 'mapping' && <MappingQuestion file={question.file} columns={question.columns} saved={saved} onAnswer={reply} />}
      {notices.length > 0 && (
        <ul className="notices" data-testid="add-notices">
          {notices.map((n, i) => (
            <li key={i} className={`notice-${n.tone}`}>
              {n.text}
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
