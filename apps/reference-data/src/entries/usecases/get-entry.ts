import { Injectable } from '@nestjs/common';
import {
  type HandlerRequestOf,
  type ReferenceEntry,
  type getReferenceEntry,
} from '@opencen/contracts';

import { entryNotFound } from './entry-checks';
import { entryView } from './entry-views';
import { EntryRepository } from './ports';

export type GetEntryQuery = HandlerRequestOf<typeof getReferenceEntry>;

/** One entry by code, deprecated or not: a record from 2019 still resolves a code retired in 2022. */
@Injectable()
export class GetEntry {
  constructor(private readonly entries: EntryRepository) {}

  async execute({ list, code, language }: GetEntryQuery): Promise<ReferenceEntry> {
    const entry = await this.entries.findByCode(list, code);
    if (!entry) throw entryNotFound(list, code);
    return entryView(entry, language);
  }
}
