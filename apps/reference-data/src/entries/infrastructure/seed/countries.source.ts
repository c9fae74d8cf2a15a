import countries from 'i18n-iso-countries';
import ar from 'i18n-iso-countries/langs/ar.json';
import en from 'i18n-iso-countries/langs/en.json';
import es from 'i18n-iso-countries/langs/es.json';
import fr from 'i18n-iso-countries/langs/fr.json';
import pt from 'i18n-iso-countries/langs/pt.json';
import ru from 'i18n-iso-countries/langs/ru.json';

import { type NewEntry } from '../../domain/entry';
import { SINCE_ALWAYS } from '../../domain/validity';
import { labelsFrom } from './display-names';

for (const locale of [en, fr, es, ru, ar, pt]) countries.registerLocale(locale);

/** ISO 3166-1 countries from `i18n-iso-countries`: alpha-2 codes, alpha-3 and numeric attributes. */
export function countriesSeed(): NewEntry[] {
  return Object.keys(countries.getAlpha2Codes())
    .sort()
    .map((code) => ({
      list: 'countries',
      code,
      labels: labelsFrom(
        countries.getName(code, 'en') ?? code,
        (language) => countries.getName(code, language),
        'region',
        code,
      ),
      attributes: {
        alpha3: countries.alpha2ToAlpha3(code) ?? null,
        numeric: countries.alpha2ToNumeric(code) ?? null,
      },
      validFrom: SINCE_ALWAYS,
    }));
}
