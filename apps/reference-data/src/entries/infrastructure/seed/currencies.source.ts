import currencyCodes from 'currency-codes';

import { type NewEntry } from '../../domain/entry';
import { SINCE_ALWAYS } from '../../domain/validity';
import { labelsFrom } from './display-names';

/**
 * ISO 4217 currencies from `currency-codes`, which has English names only: the other languages come
 * from CLDR through `Intl.DisplayNames`.
 */
export function currenciesSeed(): NewEntry[] {
  return [...currencyCodes.data]
    .sort((a, b) => (a.code < b.code ? -1 : 1))
    .map((currency) => ({
      list: 'currencies',
      code: currency.code,
      labels: labelsFrom(currency.currency, () => undefined, 'currency', currency.code),
      attributes: { numeric: currency.number, minorUnits: currency.digits },
      validFrom: SINCE_ALWAYS,
    }));
}
