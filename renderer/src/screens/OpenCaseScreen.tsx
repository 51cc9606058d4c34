import { useState, type FormEvent } from 'react';
import type { CaseApi, CaseInfo, HostInfo } from '../../../shared/api/contract';
import type { NitkaErrorValue } from '../../../shared/result';
import { ErrorBanner } from '../components/ErrorBanner';
import { useI18n } from '../i18n/i18n';

interface Props {
  api: CaseApi;
  host: HostInfo;
  onOpened: (info: CaseInfo) => void;
}

/** Opens an existing case or creates a new one; the passphrase never leaves this form's state. */
export function OpenCaseScreen({ api, host, onOpened }: Props) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'open' | 'create'>(host.suggestedCasePath && !host.suggestedCaseExists ? 'create' : 'open');
  const [path, setPath] = useState(host.suggestedCasePath ?? '');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<NitkaErrorValue | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (mode === 'create' && passphrase !== repeat) {
      setError({ kind: 'bad_input', message: t('open.mismatch') });
      return;
    }
    setBusy(true);
    const r =
      mode === 'create'
        ? await api.createCase({ path, passphrase, ...(name.trim() ? { name: name.trim() } : {}) })
        : await api.openCase({ path, passphrase });
    setBusy(false);
    if (r.ok) {
      setPassphrase('');
      setRepeat('');
      onOpened(r.value);
    } else {
      setError(r.error);
    }
  }

  return (
    <main className="open-screen">
      <form className="panel open-form" onSubmit={submit} aria-labelledby="open-heading">
        <h1 id="open-heading">{t('open.heading')}</h1>
        <div className="segmented" role="radiogroup">
          <label className={mode === 'open' ? 'active' : ''} data-testid="mode-open">
            <input type="radio" name="mode" checked={mode === 'open'} onChange={() => setMode('open')} />
            {t('open.modeOpen')}
          </label>
          <label className={mode === 'create' ? 'active' : ''} data-testid="mode-create">
            <input type="radio" name="mode" checked={mode === 'create'} onChange={() => setMode('create')} />
            {t('open.modeCreate')}
          </label>
        </div>
        <label className="field">
          <span>{t('open.path')}</span>
          <input value={path} onChange={(e) => setPath(e.target.value)} required spellCheck={false} autoComplete="off" data-testid="case-path" />
          <small>{t('open.pathHint')}</small>
        </label>
        {mode === 'create' && (
          <label className="field">
            <span>{t('open.caseName')}</span>
            <input value={name} onChange={(e) => setName(e.target.value)} data-testid="case-name" />
          </label>
        )}
        <label className="field">
          <span>{t('open.passphrase')}</span>
          <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required autoComplete={mode === 'create' ? 'new-password' : 'current-password'} data-testid="passphrase" />
        </label>
        {mode === 'create' && (
          <label className="field">
            <span>{t('open.passphraseRepeat')}</span>
            <input type="password" value={repeat} onChange={(e) => setRepeat(e.target.value)} required autoComplete="new-password" data-testid="passphrase-repeat" />
          </label>
        )}
        {mode === 'create' && <p className="hint">{t('open.encryptionNote')}</p>}
        <ErrorBanner error={error} />
        <button type="submit" className="primary" disabled={busy} data-testid="submit-case">
          {mode === 'create' ? t('open.submitCreate') : t('open.submitOpen')}
        </button>
      </form>
    </main>
  );
}
