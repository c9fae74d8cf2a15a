import { type CaseDraftInput } from '@opencen/contracts';
import { Loader } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useApi } from '../api/api-context';
import { ApiProblem } from '../api/problem';
import { isNetworkFailure, useOfflineQueue } from '../offline/OfflineQueue';
import { CaseForm, PHOTOS_STEP } from './CaseForm';
import { useCase } from './CasePage';

/**
 * Records a new case, then opens it (at its photo step when the officer saved to add photos).
 * Without a network the draft is kept in the browser and sent when the network returns.
 */
export function NewCase() {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const queue = useOfflineQueue();
  // One key per case entered: a save repeated after a lost answer, or sent from the offline
  // queue, is recorded once.
  // A refused draft created nothing: once fixed, it is a new request with a new key.
  const key = useRef<string>(undefined);
  key.current ??= crypto.randomUUID();
  return (
    <CaseForm
      heading={t('form.title')}
      onSave={async (draft, then) => {
        const keepOffline = async () => {
          await queue!.enqueue(draft, key.current!);
          await navigate('/drafts');
        };
        if (queue && !navigator.onLine) return keepOffline();
        let created;
        try {
          created = await api.createCase({ draft }, key.current);
        } catch (error) {
          if (queue && isNetworkFailure(error)) return keepOffline();
          if (error instanceof ApiProblem && error.status < 500) key.current = crypto.randomUUID();
          throw error;
        }
        queryClient.setQueryData(['case', created.id], created);
        void queryClient.invalidateQueries({ queryKey: ['cases'] });
        await navigate(
          then === 'photos' ? `/cases/${created.id}/edit?step=photos` : `/cases/${created.id}`,
        );
      }}
    />
  );
}

/** Edits a draft at the version read; a stale version is the API's conflict, shown as such. */
export function EditCase() {
  const { id = '' } = useParams();
  const [search] = useSearchParams();
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
      caseId={kase.id}
      initialStep={search.get('step') === 'photos' ? PHOTOS_STEP : undefined}
      onSave={async (draft) => {
        const updated = await api.updateCase({ id: kase.id, version: kase.version, draft });
        queryClient.setQueryData(['case', kase.id], updated);
        void queryClient.invalidateQueries({ queryKey: ['cases'] });
        await navigate(`/cases/${kase.id}`);
      }}
    />
  );
}
