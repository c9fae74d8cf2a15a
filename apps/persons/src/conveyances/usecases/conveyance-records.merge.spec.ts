import {
  type Conveyance,
  type Principal,
  conveyanceMerged,
  conveyanceUnmerged,
  parseEvent,
} from '@opencen/contracts';

import {
  admin,
  analyst,
  contextOf,
  officer,
} from '../../office-records/testing/office-records.fixtures';
import {
  InMemoryConveyances,
  aConveyance,
  aConveyanceDraft,
  conveyanceRecordsOver,
} from '../testing/conveyances.fixtures';
import { type ConveyanceRecords } from './conveyance-records';

const supervisor: Principal = { ...officer, sub: 'sub-supervisor', roles: ['supervisor'] };
const survivor = aConveyance(
  aConveyanceDraft({
    type: 'vehicle',
    plate: 'AB-123-CD',
    plateCountry: 'FR',
    links: [{ subjectType: 'person', subjectId: 'p-1', role: 'owner' }],
  }),
  { id: 's', version: 2 },
);
const other = aConveyance(
  aConveyanceDraft({
    type: 'vehicle',
    plate: 'ZZ-999-ZZ',
    vin: 'WVWZZZ1JZXW000001',
    make: 'Volkswagen',
    links: [
      { subjectType: 'person', subjectId: 'p-1', role: 'owner' },
      { subjectType: 'company', subjectId: 'c-1', role: 'operator' },
    ],
  }),
  { id: 'm', version: 1 },
);

describe('MergeConveyances and UnmergeConveyances', () => {
  let conveyances: InMemoryConveyances;
  let records: ConveyanceRecords;
  const request = { survivorId: 's', survivorVersion: 2, mergedId: 'm', mergedVersion: 1 };
  const stored = (id: string): Conveyance => conveyances.stored.get(id)!.record;

  beforeEach(() => {
    conveyances = new InMemoryConveyances([survivor, other]);
    records = conveyanceRecordsOver(conveyances);
  });

  it('merges: links joined, identifiers the survivor lacked filled in, its own plate kept', async () => {
    const reply = await records.merge({ ...request, context: contextOf(supervisor) });
    expect(reply).toMatchObject({
      id: 's',
      version: 4,
      plate: 'AB-123-CD',
      vin: 'WVWZZZ1JZXW000001',
      make: 'Volkswagen',
      links: [
        { subjectType: 'person', subjectId: 'p-1', role: 'owner' },
        { subjectType: 'company', subjectId: 'c-1', role: 'operator' },
      ],
      merges: [expect.objectContaining({ mergedId: 'm', state: 'done' })],
    });
    expect(stored('m')).toMatchObject({ mergedInto: 's', plate: 'ZZ-999-ZZ' });
    const got = await conveyanceRecordsOver(conveyances).get({
      id: 'm',
      context: contextOf(analyst),
    });
    expect(got).toMatchObject({ id: 's', resolvedFrom: 'm' });
    expect(conveyances.events).toHaveLength(1);
    expect(parseEvent(conveyanceMerged, conveyances.events[0])).toMatchObject({
      subject: 'm',
      data: { survivorId: 's', mergedId: 'm' },
    });
    expect(JSON.stringify(conveyances.events)).not.toMatch(/AB-123|WVW/);
  });

  it('refuses conveyances of different types, naming the field, and an analyst', async () => {
    conveyances.stored.set('m', {
      record: { ...other, type: 'trailer' },
      history: [],
    });
    await expect(records.merge({ ...request, context: contextOf(admin) })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'mergedId', code: 'type_differs' })],
    });
    await expect(records.merge({ ...request, context: contextOf(analyst) })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(stored('s')).toEqual(survivor);
  });

  it('undoes: the survivor as it was, the merged one of its own again, with its history', async () => {
    const merged = await records.merge({ ...request, context: contextOf(admin) });
    const mergeId = merged.merges![0]!.mergeId;
    const reply = await records.unmerge({
      survivorId: 's',
      survivorVersion: merged.version,
      mergeId,
      context: contextOf(admin),
    });
    expect(reply.survivor.links).toEqual(survivor.links);
    expect(reply.survivor.vin).toBeUndefined();
    expect(reply.survivor.make).toBeUndefined();
    expect(reply.restored.mergedInto).toBeUndefined();
    expect(parseEvent(conveyanceUnmerged, conveyances.events[1])).toMatchObject({
      data: { mergeId, survivorId: 's', mergedId: 'm' },
    });
    const history = await conveyanceRecordsOver(conveyances).history({
      id: 'm',
      context: contextOf(analyst),
    });
    expect(history.changes.map((c) => c.change)).toEqual(['merged', 'unmerged']);
    await expect(
      conveyanceRecordsOver(conveyances).history({ id: 'nope', context: contextOf(analyst) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
