import path from 'node:path';
import { type ReferenceList } from '@opencen/contracts';

import { type NewEntry } from '../../domain/entry';
import { SeedSources } from '../../usecases/ports';
import { countriesSeed } from './countries.source';
import { currenciesSeed } from './currencies.source';
import { jsonFileSeed } from './json-file.source';

/**
 * The seeds that ship with the service: countries and currencies from their ISO packages, every
 * other list from `<dataDir>/<list>.json`.
 */
export class BundledSeedSources extends SeedSources {
  constructor(private readonly dataDir: string) {
    super();
  }

  async load(list: ReferenceList): Promise<NewEntry[] | null> {
    if (list === 'countries') return countriesSeed();
    if (list === 'currencies') return currenciesSeed();
    return jsonFileSeed(path.join(this.dataDir, `${list}.json`), list);
  }
}
