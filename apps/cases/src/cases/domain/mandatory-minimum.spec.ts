import { caseDraftSchema } from '@opencen/contracts';

import { aCompleteDraft } from '../testing/cases.fixtures';
import { missingForSubmission } from './mandatory-minimum';

describe('the mandatory minimum of a submission', () => {
  it('is met by a complete draft', () => {
    expect(missingForSubmission(aCompleteDraft())).toEqual([]);
  });

  it('names every missing field of an empty draft', () => {
    const paths = missingForSubmission(caseDraftSchema.parse({ type: 'offence' })).map(
      (p) => p.path,
    );
    expect(paths).toEqual([
      'draft.detectedAt',
      'draft.location.office',
      'draft.items',
      'draft.detectionMethods',
      'draft.route',
    ]);
  });

  it('names the missing category, quantity and unit of each item by index', () => {
    const draft = aCompleteDraft({
      items: [
        { commodityCategory: 'TOBACCO', quantity: 10, unit: 'STICK' },
        { description: 'unknown powder' },
      ],
    });
    expect(missingForSubmission(draft).map((p) => p.path)).toEqual([
      'draft.items.1.commodityCategory',
      'draft.items.1.quantity',
      'draft.items.1.unit',
    ]);
  });

  it('accepts any one country of the route', () => {
    const draft = aCompleteDraft({ route: { transitCountries: ['NL'] } });
    expect(missingForSubmission(draft)).toEqual([]);
  });
});
