import { type CaseDraftInput } from '@opencen/contracts';
import { Loader } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useApi } from '../api/api-context';
import { CaseForm } from './CaseForm';
import { useCase } from './CasePage';

/** Records a new case, then opens it. */
export function NewCase() {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <CaseForm
      heading={t('form.title')}
      onSave={async (draft) => {
        const created = await api.createCase({ draft });
        queryClient.setQueryData(['case', created.id], created);
        void queryClient.invalidateQueries({ queryKey: ['cases'] });
        await navigate(`/cases/${created.id}`);
      }}
    />
  );
}

/** Edits a draft at the version read; a stale version is the API's conflict, shown as such. */
export function EditCase() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const query = useCase(id);
  if (!query.data) return <Loader aria-label={t('app.loading')} />;
  const kase = query.data;
  const initial: CaseDraftInput = {
    type: kase.type,
    detectedAt: kase.detectedAt,
    location: kase.location,
    procedure: kase.procedure,
    detectionMethods: kase.detectionMethods,
    riskIndicators: kase.riskIndicators,
    transportMode: kase.transportMode,
    items: kase.items,
    route: kase.route,
    conveyance: kase.conveyance,
    parties: kase.parties,
    outcome: kase.outcome,
    narrative: kase.narrative,
    tags: kase.tags,
    classification: kase.classification,
  };
  return (
    <CaseForm
      heading={t('form.editTitle', { number: kase.number })}
      initial={initial}
      onSave={async (draft) => {
        const updated = await api.updateCase({ id: kase.id, version: kase.version, draft });
        queryClient.setQueryData(['case', kase.id], updated);
        void queryClient.invalidateQueries({ queryKey: ['cases'] });
        await navigate(`/cases/${kase.id}`);
      }}
    />
  );
}
