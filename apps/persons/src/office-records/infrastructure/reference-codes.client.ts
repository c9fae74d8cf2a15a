import { Injectable } from '@nestjs/common';
import { validateReferenceCodes } from '@opencen/contracts';
import { ContractClient } from '@opencen/nest-kit';

import { ReferenceCodes } from '../usecases/ports';

/** Asks the reference-data service; its UNAVAILABLE or TIMEOUT error reaches the caller as is. */
@Injectable()
export class NatsReferenceCodes extends ReferenceCodes {
  constructor(private readonly client: ContractClient) {
    super();
  }

  async invalidCountries(codes: readonly string[]): Promise<Map<string, string>> {
    const reply = await this.client.send(validateReferenceCodes, {
      list: 'countries',
      codes: [...codes],
    });
    return new Map(
      reply.results
        .filter((result) => !result.valid)
        .map((result) => [result.code, result.reason ?? 'not valid']),
    );
  }
}
