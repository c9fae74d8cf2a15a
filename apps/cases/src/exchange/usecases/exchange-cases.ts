import { type Case, type ExchangeCase } from '@opencen/contracts';

import {
  type CompanyFacts,
  type ConveyanceFacts,
  type PersonFacts,
  toExchangeCase,
} from '../domain/non-nominal';
import { type SubjectFactsSource } from './ports';

/**
 * Cases in the non-nominal exchange format, with the facts of the subjects they name asked once
 * per subject: what an export page serves and what a case-exchange webhook transfers, built the
 * same way (the allow-list of domain/non-nominal.ts).
 */
export async function exchangeCasesOf(
  cases: readonly Case[],
  facts: SubjectFactsSource,
): Promise<ExchangeCase[]> {
  const ids = (type: 'person' | 'company') => [
    ...new Set(
      cases.flatMap((k) => k.parties.filter((p) => p.subjectType === type).map((p) => p.subjectId)),
    ),
  ];
  const conveyanceIds = [
    ...new Set(
      cases.flatMap((k) => (k.conveyance?.conveyanceId ? [k.conveyance.conveyanceId] : [])),
    ),
  ];
  const lookup = async <T>(list: string[], read: (id: string) => Promise<T | null>) => {
    const found = new Map<string, T>();
    await Promise.all(
      list.map(async (id) => {
        const subject = await read(id);
        if (subject !== null) found.set(id, subject);
      }),
    );
    return found;
  };
  const [persons, companies, conveyances] = await Promise.all([
    lookup<PersonFacts>(ids('person'), (id) => facts.person(id)),
    lookup<CompanyFacts>(ids('company'), (id) => facts.company(id)),
    lookup<ConveyanceFacts>(conveyanceIds, (id) => facts.conveyance(id)),
  ]);
  return cases.map((kase) => toExchangeCase(kase, { persons, companies, conveyances }));
}
