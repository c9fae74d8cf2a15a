import { randomBytes, randomUUID } from 'node:crypto';

import {
  type CloudEvent,
  type EventContract,
  type Principal,
  buildEvent,
  caseCreated,
  caseUpdated,
  createRule,
  deleteRule,
  getRule,
  listNotifications,
  listRules,
  personCreated,
  updateRule,
} from '@opencen/contracts';
import { eventually } from '@opencen/testing';
import { JSONCodec } from 'nats';

import {
  type NotificationsService,
  savedSearches,
  startNotificationsService,
} from './support/notifications-service';

/**
 * Analytic rules in process against real NATS, FerretDB and OpenSearch: rules kept through the
 * request contracts, case and person events published as their services publish them, and the
 * cases and persons services played by stand-ins on `*.saved-search.match` that find a record for
 * a search as the test says (the real ones are tested in apps/cases and apps/persons, and end to
 * end). What is shown here: which rules are asked about which record, as whom; that a match tells
 * its owner once, whatever is published again; that a service behind, or a restart meanwhile,
 * loses nothing; that bad input changes nothing.
 */
const suffix = randomBytes(3).toString('hex').toUpperCase();
const cdg = `TST-C${suffix}`;
const leh = `TST-L${suffix}`;
const ana = `it-ana-${suffix}`;
const bob = `it-bob-${suffix}`;
const author = `it-author-${suffix}`;
const principal = (sub: string, office = cdg): Principal => ({
  sub,
  username: sub,
  roles: ['officer'],
  office,
});

const codec = JSONCodec();

/** The cases of the test, by id: their office and commodity, as the stand-in cases service sees them. */
const cases = new Map<string, { office: string; category: string; number: string }>();
const persons = new Set<string>();

describe('analytic rules (real NATS, FerretDB and OpenSearch)', () => {
  let service: NotificationsService;

  beforeAll(async () => {
    service = await startNotificationsService(__filename, {
      users: [
        { id: ana, office: cdg },
        { id: bob, office: leh },
        { id: author, office: cdg },
      ],
    });
    savedSearches.caseNumber = (caseId) => cases.get(caseId)!.number;
    // The stand-ins find a record as the real services would: by filter, within the owner's office.
    savedSearches.finds = (record, search) => {
      if (record.type === 'person') {
        return persons.has(record.id) && search.filter.name === 'Ivanov';
      }
      const kase = cases.get(record.id);
      return (
        kase !== undefined &&
        kase.office === search.principal.office &&
        kase.category === search.filter.commodityCategory
      );
    };
  });

  afterAll(async () => {
    await service?.close();
  });

  async function publish(contract: EventContract, event: CloudEvent) {
    await service.nats.jetstream().publish(contract.subject, codec.encode(event), {
      msgID: event.id,
    });
  }

  function caseEvent(contract: typeof caseCreated | typeof caseUpdated, caseId: string) {
    const kase = cases.get(caseId)!;
    const data = {
      caseId,
      number: kase.number,
      office: kase.office,
      type: 'seizure' as const,
      status: 'draft' as const,
      version: contract === caseCreated ? 1 : 2,
      classification: 'restricted' as const,
      subjects: [],
    };
    return buildEvent(contract as typeof caseCreated, {
      subject: caseId,
      correlationId: `it-${randomUUID()}`,
      actor: author,
      data: (contract === caseUpdated ? { ...data, fields: ['items'] } : data) as typeof data,
    });
  }

  function newCase(office: string, category: string): string {
    const id = `case-${randomUUID()}`;
    cases.set(id, {
      office,
      category,
      number: `${office.replace('-', '')}-2026-${String(cases.size + 1).padStart(6, '0')}`,
    });
    return id;
  }

  const ruleMatches = async (sub: string, office = cdg) =>
    (await service.send(listNotifications, { limit: 100 }, principal(sub, office))).items.filter(
      (item) => item.kind === 'rule-match',
    );

  /** Waits until the rules index lists the user's rules (a second or so after the write). */
  const listed = (sub: string, count: number, office = cdg) =>
    eventually(
      async () => {
        const page = await service.send(listRules, { limit: 100 }, principal(sub, office));
        if (page.items.length !== count) throw new Error(`${page.items.length} of ${count} rules`);
        return page.items;
      },
      10_000,
      `${count} rules of ${sub}`,
    );

  /** Until every event published so far is evaluated: the stand-in was asked about `record`. */
  const asked = (recordId: string, times = 1) =>
    eventually(
      async () => {
        const n = savedSearches.asked.filter((a) => a.record.id === recordId).length;
        if (n < times) throw new Error(`asked ${n} of ${times} times about ${recordId}`);
      },
      15_000,
      `the rules evaluated on ${recordId}`,
    );

  let tobaccoRule: string;

  it('keeps a saved case search and lists it to its owner only', async () => {
    const rule = await service.send(
      createRule,
      {
        name: 'Tobacco at CDG',
        target: { kind: 'case-search', filter: { commodityCategory: 'TOBACCO' } },
      },
      principal(ana),
    );
    tobaccoRule = rule.id;
    expect(rule).toMatchObject({ owner: ana, enabled: true, version: 1 });
    expect((await listed(ana, 1)).map((r) => r.id)).toEqual([rule.id]);
    await expect(service.send(getRule, { id: rule.id }, principal(bob, leh))).rejects.toMatchObject(
      {
        code: 'NOT_FOUND',
      },
    );
  });

  it('notifies its owner of a new matching case, asking the cases service as the owner', async () => {
    const caseId = newCase(cdg, 'TOBACCO');
    await publish(caseCreated, caseEvent(caseCreated, caseId));
    const [told] = await eventually(
      async () => {
        const found = await ruleMatches(ana);
        if (found.length === 0) throw new Error('not told yet');
        return found;
      },
      15_000,
      'the match told',
    );
    expect(told).toMatchObject({
      text: `Your rule “Tobacco at CDG” found ${cases.get(caseId)!.number}`,
      link: { type: 'case', id: caseId, label: cases.get(caseId)!.number },
    });
    const question = savedSearches.asked.find((a) => a.record.id === caseId)!;
    expect(question.searches).toEqual([
      {
        id: tobaccoRule,
        filter: { commodityCategory: 'TOBACCO' },
        principal: { sub: ana, username: ana, roles: ['officer'], office: cdg },
      },
    ]);
  });

  it('does not notify of a case the owner may not read, nor of one that does not match', async () => {
    const otherOffice = newCase(leh, 'TOBACCO');
    const drugs = newCase(cdg, 'DRUGS');
    await publish(caseCreated, caseEvent(caseCreated, otherOffice));
    await publish(caseCreated, caseEvent(caseCreated, drugs));
    await asked(otherOffice);
    await asked(drugs);
    // Every rule-match ana has is the one of the case before.
    expect(await ruleMatches(ana)).toHaveLength(1);
  });

  it('tells once per case and rule: an update, and the same event again, tell nothing more', async () => {
    const caseId = newCase(cdg, 'TOBACCO');
    const created = caseEvent(caseCreated, caseId);
    await publish(caseCreated, created);
    await eventually(
      async () => {
        if ((await ruleMatches(ana)).length < 2) throw new Error('not told yet');
      },
      15_000,
      'the second case told',
    );
    await publish(caseUpdated, caseEvent(caseUpdated, caseId));
    // A redelivery or a second publication under another message id.
    await service.nats
      .jetstream()
      .publish(caseCreated.subject, codec.encode(created), { msgID: randomUUID() });
    await asked(caseId, 3);
    expect((await ruleMatches(ana)).filter((n) => n.link.id === caseId)).toHaveLength(1);
  });

  it('a watch on persons notifies its owner of a new matching person', async () => {
    await service.send(
      createRule,
      { name: 'Ivanov', target: { kind: 'person-watch', filter: { name: 'Ivanov' } } },
      principal(bob, leh),
    );
    await listed(bob, 1, leh);
    const personId = `person-${randomUUID()}`;
    persons.add(personId);
    await publish(
      personCreated,
      buildEvent(personCreated, {
        subject: personId,
        correlationId: `it-${randomUUID()}`,
        actor: author,
        data: { personId, office: cdg, version: 1, classification: 'restricted' },
      }),
    );
    const [told] = await eventually(
      async () => {
        const found = await ruleMatches(bob, leh);
        if (found.length === 0) throw new Error('not told yet');
        return found;
      },
      15_000,
      'the watch told',
    );
    expect(told).toMatchObject({
      text: `Your rule “Ivanov” found ${personId}`,
      link: { type: 'person', id: personId },
    });
  });

  it('loses no evaluation while the cases service is behind, across a restart', async () => {
    savedSearches.unavailable = true;
    const caseId = newCase(cdg, 'TOBACCO');
    await publish(caseCreated, caseEvent(caseCreated, caseId));
    // The event fails (UNAVAILABLE) and waits for its redelivery; the service stops and starts.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await service.restart();
    savedSearches.unavailable = false;
    await eventually(
      async () => {
        const found = (await ruleMatches(ana)).filter((n) => n.link.id === caseId);
        if (found.length !== 1) throw new Error(`${found.length} told`);
      },
      60_000,
      'the case told after the restart',
    );
  }, 90_000);

  it('refuses bad input naming the field, and keeps nothing', async () => {
    const bad = [
      [
        { name: 'X', target: { kind: 'case-search', filter: { colour: 'red' } } },
        'target.filter.colour',
      ],
      [{ name: 'X', target: { kind: 'case-search', filter: {} }, colour: 'red' }, 'colour'],
      [{ name: 'X', target: { kind: 'person-watch', filter: {} } }, 'target.filter.name'],
      [{ name: '', target: { kind: 'case-search', filter: {} } }, 'name'],
    ] as const;
    for (const [request, path] of bad) {
      const error = await service
        .send(createRule, request as never, principal(ana))
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect((error as { details: { path: string }[] }).details.map((d) => d.path)).toContain(path);
    }
    await expect(
      service.send(
        updateRule,
        { id: tobaccoRule, version: 7, name: 'Y', target: { kind: 'case-search', filter: {} } },
        principal(ana),
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    // Nothing was written: still one rule, at its first version.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await listed(ana, 1)).toMatchObject([{ id: tobaccoRule, version: 1 }]);
  });

  it('deletes a rule at its version: it is no longer listed nor evaluated', async () => {
    await service.send(deleteRule, { id: tobaccoRule, version: 1 }, principal(ana));
    await listed(ana, 0);
    const caseId = newCase(cdg, 'TOBACCO');
    await publish(caseCreated, caseEvent(caseCreated, caseId));
    // The rule is gone (from the index, or read again from the store when it finds the case):
    // nobody is told.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect((await ruleMatches(ana)).filter((n) => n.link.id === caseId)).toHaveLength(0);
  });
});
