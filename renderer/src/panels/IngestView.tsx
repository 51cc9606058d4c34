import type { CaseApi } from '../../../shared/api/contract';
import { AddEvidence } from '../components/AddEvidence';
import { useI18n } from '../i18n/i18n';

/** The Ingest view: add evidence by picking or dropping files and folders, and read what each gave. */
export function IngestView({ api, onAdded, pickTick }: { api: CaseApi; onAdded: () => void; pickTick: number }) {
  const { t } = useI18n();
  return (
    <main>
      <p className="hint view-intro">{t('ingest.intro')}</p>
      <AddEvidence api={api} onAdded={onAdded} pickTick={pickTick} />
    </main>
  );
}
