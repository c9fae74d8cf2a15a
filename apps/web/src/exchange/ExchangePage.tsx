import { Divider, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/auth';
import { may } from '../auth/permissions';
import { ExportPanel } from './ExportPanel';
import { ImportPanel } from './ImportPanel';

/** Exchange: bulk import for importers, export for exporters; each only to whom the API allows. */
export function ExchangePage() {
  const { t } = useTranslation();
  const { session } = useAuth();
  const importer = may(session, 'caseImporters');
  const exporter = may(session, 'caseExporters');
  return (
    <Stack>
      <Title order={2}>{t('exchange.title')}</Title>
      {importer && <ImportPanel />}
      {importer && exporter && <Divider />}
      {exporter && <ExportPanel />}
      {!importer && !exporter && <p>{t('app.notFound')}</p>}
    </Stack>
  );
}
