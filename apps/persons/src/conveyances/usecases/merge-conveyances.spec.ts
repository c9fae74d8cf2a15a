import { FixedClock, SequentialIds } from '@opencen/testing';
import {
  type Conveyance,
  type Principal,
  conveyanceMerged,
  conveyanceUnmerged,
  parseEvent,
} from '@opencen/contracts';

import { NOW, admin, analyst, contextOf, officer } from '../../subjects/testing/persons.fixtures';
import {
  InMemoryConveyances,
  aConveyance,
  aConveyanceDraft,
} from '../testing/conveyances.fixtures';
import { ConveyanceHistory } from './conveyance-history';
import { GetConveyance } from './get-conveyance';
import { MergeConveyances, UnmergeConveyances } from './merge-conveyances';

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
  let merge: MergeConveyances;
  let unmerge: UnmergeConveyances;
  const request = { survivorId: 's', survivorVersion: 2, mergedId: 'm', mergedVersion: 1 };
  const stored = (id: string): Conveyance => conveyances.stored.get(id)!.conveyance;

  beforeEach(() => {
    conveyances = new InMemoryConveyances([survivor, other]);
    merge = new MergeConveyances(
      conveyances,
      new FixedClock(NOW),
      new SequentialIds('conveyance-new'),
    );
    unmerge = new UnmergeConveyances(conveyances, new FixedClock(NOW));
  });

  it('merges: links joined, identifiers the survivor lacked filled in, its own plate kept', async () => {
    const reply = await merge.execute({ ...request, context: contextOf(supervisor) });
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
    const got = await new GetConveyance(conveyances).execute({
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
      conveyance: { ...other, type: 'trailer' },
      history: [],
    });
    await expect(merge.execute({ ...request, context: contextOf(admin) })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'mergedId', code: 'type_differs' })],
    });
    await expect(merge.execute({ ...request, context: contextOf(analyst) })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(stored('s')).toEqual(survivor);
  });

  it('undoes: the survivor as it was, the merged one of its own again, with its history', async () => {
    const merged = await merge.execute({ ...request, context: contextOf(admin) });
    const mergeId = merged.merges![0]!.mergeId;
    const reply = await unmerge.execute({
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
    const history = await new ConveyanceHistory(conveyances).execute({
      id: 'm',
      context: contextOf(analyst),
    });
    expect(history.changes.map((c) => c.change)).toEqual(['merged', 'unmerged']);
    await expect(
      new ConveyanceHistory(conveyances).execute({ id: 'nope', context: contextOf(analyst) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
