import { useState } from 'react';
import { useI18n } from '../i18n/i18n';

/** A SHA-256 shown short (first and last 8), the full value on hover and one click to copy. */
export function Hash({ value, testId }: { value: string; testId?: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // Clipboard refused (no permission in this host): the value stays selectable instead.
      setCopied(false);
    }
  }
  return (
    <span className="hash-short" data-testid={testId} data-full={value}>
      <code className="mono" title={value}>
        {value.length > 20 ? `${value.slice(0, 8)}…${value.slice(-8)}` : value}
      </code>
      <button type="button" className="link small" onClick={copy} aria-label={t('hash.copyLabel', { hash: value })}>
        {copied ? t('hash.copied') : t('hash.copy')}
      </button>
    </span>
  );
}
