import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { entityKinds, type CaseApi, type Entity, type MessageInfo } from '../../../shared/api/contract';
import type { NitkaErrorValue } from '../../../shared/result';
import { useI18n } from '../i18n/i18n';

const PAGE = 500;

/**
 * What the ingest found: identifiers, accounts and chats with their number of occurrences, and
 * the messages, searchable in full text (diacritics and script do not matter), each with the
 * source and line it came from.
 */
export function ChatBrowser({ api, version, onError }: { api: CaseApi; version: number; onError: (e: NitkaErrorValue) => void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<Entity['kind'] | ''>('');
  const [entities, setEntities] = useState<Entity[]>([]);
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const [chatId, setChatId] = useState<number | null>(null);
  const [identifier, setIdentifier] = useState<string | null>(null);
  const [messages, setMessages] = useState<MessageInfo[]>([]);

  // Only the latest request may fill the tables: an older answer arriving late must not win.
  const latest = useRef(0);
  const load = useCallback(async () => {
    const ticket = ++latest.current;
    const [e, m] = await Promise.all([
      api.listEntities(kind ? { kind } : {}),
      api.listMessages({ limit: PAGE, ...(search ? { search } : {}), ...(chatId !== null ? { chatId } : {}), ...(identifier !== null ? { identifier } : {}) }),
    ]);
    if (ticket !== latest.current) return;
    if (!e.ok) return onError(e.error);
    if (!m.ok) return onError(m.error);
    setEntities(e.value);
    setMessages(m.value);
  }, [api, kind, search, chatId, identifier, onError]);

  useEffect(() => {
    void load();
  }, [load, version]);

  /** The messages of one identifier, on their own: other filters would hide some of them. */
  function showIdentifier(value: string) {
    setQuery('');
    setSearch('');
    setChatId(null);
    setIdentifier(value);
  }

  function submitSearch(e: FormEvent) {
    e.preventDefault();
    setSearch(query.trim());
  }

  return (
    <div className="browser">
      <section className="panel" aria-labelledby="entities-heading">
        <h2 id="entities-heading">{t('entities.heading')}</h2>
        <label className="field">
          <span>{t('entities.kind')}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as Entity['kind'] | '')} data-testid="entity-kind">
            <option value="">{t('entities.all')}</option>
            {entityKinds.map((k) => (
              <option key={k} value={k}>
                {t(`entity.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {entities.length === 0 ? (
          <p className="empty">{t('entities.empty')}</p>
        ) : (
          <table className="grid" data-testid="entities-table">
            <thead>
              <tr>
                <th>{t('entities.kind')}</th>
                <th>{t('entities.value')}</th>
                <th>{t('entities.label')}</th>
                <th className="num">{t('entities.occurrences')}</th>
              </tr>
            </thead>
            <tbody>
              {entities.map((e) => (
                <tr key={`${e.kind}:${e.id}`} data-testid="entity-row" data-kind={e.kind}>
                  <td>{t(`entity.${e.kind}`)}</td>
                  <td className="mono">
                    {e.kind === 'chat' ? (
                      <button type="button" className="link" onClick={() => setChatId(Number(e.value.split(':').pop()))} title={t('messages.onlyChat')}>
                        {e.value}
                      </button>
                    ) : e.kind === 'account' ? (
                      e.value
                    ) : (
                      <button type="button" className="link" onClick={() => showIdentifier(e.value)} title={t('messages.onlyIdentifier')} data-testid="entity-messages">
                        {e.value}
                      </button>
                    )}
                  </td>
                  <td>{e.label ?? ''}</td>
                  <td className="num">{e.occurrences}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel" aria-labelledby="messages-heading">
        <h2 id="messages-heading">{t('messages.heading')}</h2>
        <form className="row" onSubmit={submitSearch} role="search">
          <label className="field grow">
            <span>{t('messages.search')}</span>
            <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('messages.searchHint')} data-testid="message-search" />
          </label>
          <button type="submit" data-testid="message-search-submit">
            {t('messages.searchButton')}
          </button>
          {(search || chatId !== null || identifier !== null) && (
            <button
              type="button"
              onClick={() => {
                setQuery('');
                setSearch('');
                setChatId(null);
                setIdentifier(null);
              }}
            >
              {t('messages.clear')}
            </button>
          )}
        </form>
        {identifier !== null && (
          <p className="hint" data-testid="identifier-filter">
            {t('messages.withIdentifier', { value: identifier })}
          </p>
        )}
        {messages.length === 0 ? (
          <p className="empty">{t('messages.empty')}</p>
        ) : (
          <table className="grid" data-testid="messages-table">
            <thead>
              <tr>
                <th>{t('messages.time')}</th>
                <th>{t('messages.chat')}</th>
                <th>{t('messages.sender')}</th>
                <th>{t('messages.body')}</th>
                <th>{t('messages.source')}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id} data-testid="message-row" className={m.kind === 'system' ? 'system' : undefined}>
                  <td className="time" title={t('messages.original', { text: m.timeText, zone: m.timezone ?? 'UTC' })}>
                    {m.sentUtc}
                  </td>
                  <td>{m.chatTitle}</td>
                  <td>{m.sender ?? t('messages.system')}</td>
                  <td className="body">{m.body}</td>
                  <td className="mono">
                    #{m.sourceId}
                    {m.line !== null ? `:${m.line}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {messages.length === PAGE && <p className="hint">{t('messages.more', { count: PAGE })}</p>}
      </section>
    </div>
  );
}
