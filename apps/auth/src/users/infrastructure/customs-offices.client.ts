import { Injectable } from '@nestjs/common';
import { validateReferenceCodes } from '@opencen/contracts';
import { ContractClient } from '@opencen/nest-kit';

import { CustomsOffices } from '../usecases/ports';

/** Asks the reference-data service; its UNAVAILABLE or TIMEOUT error reaches the caller as is. */
@Injectable()
export class NatsCustomsOffices extends CustomsOffices {
  constructor(private readonly client: ContractClient) {
    super();
  }

  async problemWith(code: string): Promise<string | null> {
    const reply = await this.client.send(validateReferenceCodes, {
      list: 'customs-offices',
      codes: [code],
    });
    const result = reply.results.find((entry) => entry.code === code);
    return result?.valid ? null : (result?.reason ?? 'not a valid customs office');
  }
}
