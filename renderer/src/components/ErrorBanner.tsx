import type { NitkaErrorValue } from '../../../shared/result';
import { useI18n } from '../i18n/i18n';

/** A failed API call: the translated kind as headline, the host's precise message below. */
export function ErrorBanner({ error }: { error: NitkaErrorValue | null }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="error" data-kind={error.kind}>
      <strong>{t(`error.${error.kind}`)}</strong>
      <span className="banner-detail">{error.message}</span>
    </div>
  );
}
