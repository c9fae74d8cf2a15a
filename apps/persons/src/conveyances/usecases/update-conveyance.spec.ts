import { FixedClock } from '@opencen/testing';
import { conveyanceUpdated, parseEvent } from '@opencen/contracts';

import {
  NOW,
  FakeReferenceCodes,
  analyst,
  contextOf,
  officer,
  officerOfAnotherOffice,
} from '../../subjects/testing/persons.fixtures';
import {
  InMemoryConveyances,
  aConveyance,
  aConveyanceDraft,
} from '../testing/conveyances.fixtures';
import { GetConveyance } from './get-conveyance';
import { SearchConveyances } from './search-conveyances';
import { UpdateConveyance } from './update-conveyance';

describe('UpdateConveyance, GetConveyance and SearchConveyances', () => {
  const truck = aConveyanceDraft({ type: 'vehicle', plate: 'AB-123-CD', plateCountry: 'FR' });
  let conveyances: InMemoryConveyances;
  let updateConveyance: UpdateConveyance;

  beforeEach(() => {
    conveyances = new InMemoryConveyances([
      aConveyance(truck, { id: 'v1', version: 2 }),
      aConveyance(aConveyanceDraft({ type: 'vessel', imoNumber: '9074729' }), { id: 'v2' }),
      aConveyance(
        aConveyanceDraft({ type: 'vessel', imoNumber: 'IMO9074729', mmsi: '215123456' }),
        { id: 'v3' },
      ),
    ]);
    updateConveyance = new UpdateConveyance(
      conveyances,
      new FakeReferenceCodes(),
      new FixedClock(NOW),
    );
  });

  it('replaces the details and emits the changed fields', async () => {
    const draft = { ...truck, colour: 'white', make: 'Renault' };
    const reply = await updateConveyance.execute({
      id: 'v1',
      version: 2,
      draft,
      context: contextOf(officer),
    });
    expect(reply).toMatchObject({ version: 3, colour: 'white' });
    expect(parseEvent(conveyanceUpdated, conveyances.events[0])).toMatchObject({
      data: { conveyanceId: 'v1', version: 3, fields: ['make', 'colour'] },
    });
  });

  it('refuses a stale version, another office and an invalid draft', async () => {
    const draft = { ...truck, colour: 'white' };
    await expect(
      updateConveyance.execute({ id: 'v1', version: 1, draft, context: contextOf(officer) }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      updateConveyance.execute({
        id: 'v1',
        version: 2,
        draft,
        context: contextOf(officerOfAnotherOffice),
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const { plate: _plate, ...withoutPlate } = draft;
    await expect(
      updateConveyance.execute({
        id: 'v1',
        version: 2,
        draft: withoutPlate,
        context: contextOf(officer),
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'draft.plate' })],
    });
    expect(conveyances.events).toHaveLength(0);
  });

  it('gets by id and searches exactly by IMO number, page by page', async () => {
    await expect(
      new GetConveyance(conveyances).execute({ id: 'v2', context: contextOf(analyst) }),
    ).resolves.toMatchObject({
      type: 'vessel',
    });
    const search = new SearchConveyances(conveyances);
    const first = await search.execute({
      imoNumber: 'IMO 907 4729',
      limit: 1,
      context: contextOf(analyst),
    });
    expect(first.items.map((c) => c.id)).toEqual(['v2']);
    const second = await search.execute({
      imoNumber: '9074729',
      limit: 1,
      cursor: first.nextCursor,
      context: contextOf(analyst),
    });
    expect(second).toEqual({ items: [expect.objectContaining({ id: 'v3' })] });
    const byPlate = await search.execute({
      plate: 'ab 123 cd',
      limit: 20,
      context: contextOf(analyst),
    });
    expect(byPlate.items.map((c) => c.id)).toEqual(['v1']);
  });
});
