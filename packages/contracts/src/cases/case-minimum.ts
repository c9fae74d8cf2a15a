/**
 * The mandatory minimum of a submitted case (the WCO CEN minimum), here so that the cases service
 * refuses a submission and the web app shows what is missing by one rule: when, which office, at
 * least one item with category, quantity and unit, a detection method and a route country.
 */
import { type ErrorDetail } from '../errors';
import { type CaseDraft } from './case.contracts';

/**
 * Every missing field of the mandatory minimum, with its path under `draft`, so an officer can fix
 * them all at once.
 */
export function missingForSubmission(draft: CaseDraft): ErrorDetail[] {
  const missing: ErrorDetail[] = [];
  const need = (path: string, reason: string) =>
    missing.push({ path: `draft.${path}`, reason, code: 'required_for_submission' });

  if (!draft.detectedAt) need('detectedAt', 'the date and time of detection is required');
  if (!draft.location.office) need('location.office', 'the customs office is required');
  if (draft.items.length === 0) need('items', 'at least one item is required');
  draft.items.forEach((item, index) => {
    if (!item.commodityCategory) {
      need(`items.${index}.commodityCategory`, 'the commodity category is required');
    }
    if (item.quantity === undefined) need(`items.${index}.quantity`, 'the quantity is required');
    if (!item.unit) need(`items.${index}.unit`, 'the unit is required');
  });
  if (draft.detectionMethods.length === 0) {
    need('detectionMethods', 'at least one detection method is required');
  }
  if (routeCountries(draft).length === 0) {
    need(
      'route',
      'at least one country of the route (departure, transit or destination) is required',
    );
  }
  return missing;
}

/** Every country of the route, departure first, without duplicates. */
export function routeCountries(draft: Pick<CaseDraft, 'route'>): string[] {
  const { departureCountry, transitCountries, destinationCountry } = draft.route;
  const all = [departureCountry, ...transitCountries, destinationCountry].filter(
    (country): country is string => country !== undefined,
  );
  return [...new Set(all)];
}
