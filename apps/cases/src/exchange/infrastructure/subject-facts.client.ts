import { Injectable } from '@nestjs/common';
import { getCompany, getConveyance, getPerson } from '@opencen/contracts';
import {
  ContractClient,
  type RequestContext,
  ServiceError,
  currentContext,
  newCorrelationId,
} from '@opencen/nest-kit';

import { type CompanyFacts, type ConveyanceFacts, type PersonFacts } from '../domain/non-nominal';
import { SubjectFactsSource } from '../usecases/ports';

/**
 * Asks the persons service as the cases service itself (an analyst principal): liaison officers
 * may not read persons, yet their exports need each party's nationality, gender and age band. Only
 * those facts are kept; the rest of the reply is dropped here.
 */
@Injectable()
export class NatsSubjectFacts extends SubjectFactsSource {
  constructor(private readonly client: ContractClient) {
    super();
  }

  private context(): RequestContext {
    return {
      correlationId: currentContext()?.correlationId ?? newCorrelationId(),
      principal: { sub: 'service-cases-exchange', username: 'cases-exchange', roles: ['analyst'] },
    };
  }

  async person(id: string): Promise<PersonFacts | null> {
    return this.orNull(async () => {
      const person = await this.client.send(getPerson, { id }, { context: this.context() });
      return {
        gender: person.gender,
        nationalities: person.nationalities,
        ...(person.dateOfBirth ? { dateOfBirth: person.dateOfBirth } : {}),
      };
    });
  }

  async company(id: string): Promise<CompanyFacts | null> {
    return this.orNull(async () => {
      const company = await this.client.send(getCompany, { id }, { context: this.context() });
      return { country: company.country };
    });
  }

  async conveyance(id: string): Promise<ConveyanceFacts | null> {
    return this.orNull(async () => {
      const conveyance = await this.client.send(getConveyance, { id }, { context: this.context() });
      const country = conveyance.plateCountry ?? conveyance.flag;
      return { type: conveyance.type, ...(country ? { country } : {}) };
    });
  }

  private async orNull<T>(read: () => Promise<T>): Promise<T | null> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }
}
