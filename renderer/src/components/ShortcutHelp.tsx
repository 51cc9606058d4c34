import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n';
import { SHORTCUTS } from './shortcuts';

/** The keyboard shortcuts, as a modal dialog that Esc or the button closes. */
export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    <div className="overlay" role="presentation" onClick={onClose}>
      <div className="panel dialog" role="dialog" aria-modal="true" aria-labelledby="shortcuts-heading" data-testid="shortcut-help" onClick={(e) => e.stopPropagation()}>
        <h2 id="shortcuts-heading">{t('shortcut.heading')}</h2>
        <table className="grid">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{t(s.action)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="actions end">
          <button ref={close} type="button" onClick={onClose}>
            {t('dialog.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
