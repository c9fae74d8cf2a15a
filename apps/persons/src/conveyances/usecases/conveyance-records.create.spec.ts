import { conveyanceCreated, parseEvent } from '@opencen/contracts';

import {
  FakeReferenceCodes,
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

describe('CreateConveyance', () => {
  const container = aConveyanceDraft({ type: 'container', containerNumber: 'CSQU3054383' });
  let conveyances: InMemoryConveyances;
  let reference: FakeReferenceCodes;
  let records: ConveyanceRecords;

  beforeEach(() => {
    conveyances = new InMemoryConveyances([aConveyance(container, { id: 'v1' })]);
    reference = new FakeReferenceCodes(['FR', 'MT']);
    records = conveyanceRecordsOver(conveyances, { reference });
  });

  it('returns the known container for the same number written differently, and stores nothing', async () => {
    const draft = aConveyanceDraft({ type: 'container', containerNumber: 'csqu 305438-3' });
    const reply = await records.create({
      draft,
      confirmedNew: false,
      context: contextOf(officer),
    });
    expect(reply).toMatchObject({
      outcome: 'candidates',
      candidates: [{ strength: 'strong', conveyance: { id: 'v1' } }],
    });
    expect(conveyances.stored.size).toBe(1);
    expect(conveyances.events).toHaveLength(0);
  });

  it('records a vessel with its event, without identifiers in it', async () => {
    const draft = aConveyanceDraft({ type: 'vessel', imoNumber: 'IMO 9074729', flag: 'MT' });
    const reply = await records.create({
      draft,
      confirmedNew: false,
      context: contextOf(officer),
    });
    expect(reply).toMatchObject({
      outcome: 'created',
      conveyance: { id: 'conveyance-new-1', version: 1 },
    });
    expect(parseEvent(conveyanceCreated, conveyances.events[0])).toMatchObject({
      data: { conveyanceId: 'conveyance-new-1', type: 'vessel', office: 'FRA-CDG', version: 1 },
    });
    expect(JSON.stringify(conveyances.events)).not.toMatch(/9074729/);
  });

  it('refuses a wrong check digit before asking the reference service', async () => {
    const draft = aConveyanceDraft({ type: 'container', containerNumber: 'CSQU3054384' });
    await expect(
      records.create({ draft, confirmedNew: true, context: contextOf(officer) }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        expect.objectContaining({
          path: 'draft.containerNumber',
          reason: expect.stringContaining('check digit should be 3'),
        }),
      ],
    });
    expect(reference.asked).toEqual([]);
  });

  it('refuses an unknown flag naming the field', async () => {
    const draft = aConveyanceDraft({ type: 'vessel', callSign: '9HA2954', flag: 'QQ' });
    await expect(
      records.create({ draft, confirmedNew: true, context: contextOf(officer) }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'draft.flag' })],
    });
  });
});
