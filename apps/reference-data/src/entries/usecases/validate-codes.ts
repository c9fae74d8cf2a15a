import { Clock } from '@opencen/nest-kit';
import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type validateReferenceCodes,
} from '@opencen/contracts';

import { type CodeLookup, lookupFor, validateCode } from '../domain/code-validation';
import { EntryRepository } from './ports';

export type ValidateCodesQuery = HandlerRequestOf<typeof validateReferenceCodes>;
export type CodesValidity = HandlerReplyOf<typeof validateReferenceCodes>;

/**
 * Whether each code of a batch may be used on a day (today by default), with the reason for each
 * bad one. National HS codes of 6 to 10 digits are as valid as their 4-digit heading.
 */
@Injectable()
export class ValidateCodes {
  constructor(
    private readonly entries: EntryRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ list, codes, at }: ValidateCodesQuery): Promise<CodesValidity> {
    const date = at ?? this.clock.today();
    const lookups = codes.map((code) => lookupFor(list, code));
    const wanted = [...new Set(lookups.flatMap(decidingCode))];
    const found = wanted.length === 0 ? [] : await this.entries.findByCodes(list, wanted);
    const byCode = new Map(found.map((entry) => [entry.code, entry]));
    const results = codes.map((code, index) => {
      const lookup = lookups[index]!;
      const deciding = decidingCode(lookup)[0];
      return validateCode(
        list,
        code,
        lookup,
        deciding === undefined ? undefined : byCode.get(deciding),
        date,
      );
    });
    return { allValid: results.every((result) => result.valid), results };
  }
}

function decidingCode(lookup: CodeLookup): string[] {
  if (lookup.kind === 'entry') return [lookup.code];
  if (lookup.kind === 'heading') return [lookup.heading];
  return [];
}
