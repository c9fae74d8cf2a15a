import { conveyanceUpdated, parseEvent } from '@opencen/contracts';

import {
  analyst,
  contextOf,
  officer,
  officerOfAnotherOffice,
} from '../../office-records/testing/office-records.fixtures';
import {
  InMemoryConveyances,
  aConveyance,
  aConveyanceDraft,
  conveyanceRecordsOver,
} from '../testing/conveyances.fixtures';
import { type ConveyanceRecords } from './conveyance-records';

describe('UpdateConveyance, GetConveyance and SearchConveyances', () => {
  const truck = aConveyanceDraft({ type: 'vehicle', plate: 'AB-123-CD', plateCountry: 'FR' });
  let conveyances: InMemoryConveyances;
  let records: ConveyanceRecords;

  beforeEach(() => {
    conveyances = new InMemoryConveyances([
      aConveyance(truck, { id: 'v1', version: 2 }),
      aConveyance(aConveyanceDraft({ type: 'vessel', imoNumber: '9074729' }), { id: 'v2' }),
      aConveyance(
        aConveyanceDraft({ type: 'vessel', imoNumber: 'IMO9074729', mmsi: '215123456' }),
        { id: 'v3' },
      ),
    ]);
    records = conveyanceRecordsOver(conveyances);
  });

  it('replaces the details and emits the changed fields', async () => {
    const draft = { ...truck, colour: 'white', make: 'Renault' };
    const reply = await records.update({
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
      records.update({ id: 'v1', version: 1, draft, context: contextOf(officer) }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      records.update({
        id: 'v1',
        version: 2,
        draft,
        context: contextOf(officerOfAnotherOffice),
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const { plate: _plate, ...withoutPlate } = draft;
    await expect(
      records.update({
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
      conveyanceRecordsOver(conveyances).get({ id: 'v2', context: contextOf(analyst) }),
    ).resolves.toMatchObject({
      type: 'vessel',
    });
    const search = conveyanceRecordsOver(conveyances);
    const first = await search.search({
      imoNumber: 'IMO 907 4729',
      limit: 1,
      context: contextOf(analyst),
    });
    expect(first.items.map((c) => c.id)).toEqual(['v2']);
    const second = await search.search({
      imoNumber: '9074729',
      limit: 1,
      cursor: first.nextCursor,
      context: contextOf(analyst),
    });
    expect(second).toEqual({ items: [expect.objectContaining({ id: 'v3' })] });
    const byPlate = await search.search({
      plate: 'ab 123 cd',
      limit: 20,
      context: contextOf(analyst),
    });
    expect(byPlate.items.map((c) => c.id)).toEqual(['v1']);
  });
});
