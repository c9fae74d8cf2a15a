import { Injectable } from '@nestjs/common';
import {
  type ReferenceList,
  getCompany,
  getConveyance,
  getPerson,
  validateReferenceCodes,
  type SubjectType,
} from '@opencen/contracts';
import { ContractClient, ServiceError } from '@opencen/nest-kit';

import { ReferenceCodes, SubjectDirectory } from '../usecases/ports';

/** Asks the reference-data service; its UNAVAILABLE or TIMEOUT error reaches the caller as is. */
@Injectable()
export class NatsReferenceCodes extends ReferenceCodes {
  constructor(private readonly client: ContractClient) {
    super();
  }

  async invalid(
    list: ReferenceList,
    codes: readonly string[],
    at?: string,
  ): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const reply = await this.client.send(validateReferenceCodes, {
      list,
      codes: [...codes],
      ...(at ? { at } : {}),
    });
    return new Map(
      reply.results.filter((r) => !r.valid).map((r) => [r.code, r.reason ?? 'not valid']),
    );
  }
}

/**
 * Asks the persons service, with the caller's principal (forwarded by the kit's client): a subject
 * the caller may not see is as unknown as one that does not exist.
 */
@Injectable()
export class NatsSubjectDirectory extends SubjectDirectory {
  constructor(private readonly client: ContractClient) {
    super();
  }

  async resolve(subjectType: SubjectType, id: string): Promise<string | null> {
    try {
      if (subjectType === 'person') return (await this.client.send(getPerson, { id })).id;
      if (subjectType === 'company') return (await this.client.send(getCompany, { id })).id;
      return (await this.client.send(getConveyance, { id })).id;
    } catch (error) {
      if (
        error instanceof ServiceError &&
        (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN')
      )
        return null;
      throw error;
    }
  }
}
