import { type RuleTarget } from '@opencen/contracts';

import { type RuleState } from '../domain/rule';
import { rulesWorld } from '../testing/rules.fixtures';

const at = new Date('2026-12-07T09:00:00Z');
const rule = (id: string, owner: string, target: RuleTarget, extra: Partial<RuleState> = {}) => ({
  id,
  owner,
  name: `Rule ${id}`,
  target,
  enabled: true,
  deleted: false,
  createdAt: at,
  updatedAt: at,
  version: 1,
  ...extra,
});
const tobacco: RuleTarget = { kind: 'case-search', filter: { commodityCategory: 'TOBACCO' } };
const watch: RuleTarget = { kind: 'person-watch', filter: { name: 'Ivanov' } };
const byOfficer = { eventId: 'event-1', actor: 'someone-else' };

function world() {
  const w = rulesWorld();
  w.recipients.add('ana', 'FRA-CDG');
  w.recipients.add('bob', 'FRA-LEH');
  w.owners.add({ sub: 'ana', roles: ['officer'], office: 'FRA-CDG' });
  w.owners.add({ sub: 'bob', roles: ['officer'], office: 'FRA-LEH' });
  return w;
}

describe('EvaluateRules', () => {
  it("notifies a matching rule's owner once, with the rule's name and the case number", async () => {
    const w = world();
    w.rules.rules.set('r1', rule('r1', 'ana', tobacco));
    const evaluation = await w.evaluate.execute({ type: 'case', id: 'c1' }, byOfficer);
    expect(evaluation.told).toEqual(['r1']);
    const [stored] = [...w.store.notifications.values()];
    expect(stored).toMatchObject({
      recipient: 'ana',
      kind: 'rule-match',
      text: 'Your rule “Rule r1” found NUM-c1',
      link: { type: 'case', id: 'c1', label: 'NUM-c1' },
    });
  });

  it('sends each owner as their principal now, and only the rules of the record kind', async () => {
    const w = world();
    w.rules.rules.set('r1', rule('r1', 'ana', tobacco));
    w.rules.rules.set('r2', rule('r2', 'bob', watch));
    await w.evaluate.execute({ type: 'case', id: 'c1' }, byOfficer);
    expect(w.matcher.asked).toHaveLength(1);
    expect(w.matcher.asked[0]!.searches).toEqual([
      {
        id: 'r1',
        target: tobacco,
        principal: { sub: 'ana', username: 'ana', roles: ['officer'], office: 'FRA-CDG' },
      },
    ]);
  });

  it('does not notify of a record the search does not find', async () => {
    const w = world();
    w.rules.rules.set('r1', rule('r1', 'ana', tobacco));
    w.matcher.finds = () => false;
    const evaluation = await w.evaluate.execute({ type: 'case', id: 'c1' }, byOfficer);
    expect(evaluation).toEqual({ evaluated: 1, told: [], toldBefore: [] });
    expect(w.store.notifications.size).toBe(0);
  });

  it('tells nobody twice of one record: a second change, or a match after a miss', async () => {
    const w = world();
    w.rules.rules.set('r1', rule('r1', 'ana', tobacco));
    await w.evaluate.execute({ type: 'case', id: 'c1' }, byOfficer);
    w.matcher.finds = () => false;
    await w.evaluate.execute({ type: 'case', id: 'c1' }, { ...byOfficer, eventId: 'event-2' });
    w.matcher.finds = () => true;
    const again = await w.evaluate.execute(
      { type: 'case', id: 'c1' },
      { ...byOfficer, eventId: 'event-3' },
    );
    expect(again.toldBefore).toEqual(['r1']);
    expect(w.store.notifications.size).toBe(1);
  });

  it('delivers a match whose key was recorded before a crash, once', async () => {
    const w = world();
    w.rules.rules.set('r1', rule('r1', 'ana', tobacco));
    // The key was inserted, then the process stopped before the notification.
    await w.matches.record('r1/case:c1');
    await w.evaluate.execute({ type: 'case', id: 'c1' }, byOfficer);
    await w.evaluate.execute({ type: 'case', id: 'c1' }, byOfficer);
    expect(w.store.notifications.size).toBe(1);
    expect(w.matches.keys.get('r1/case:c1')).toEqual({ told: true });
  });

  it('skips disabled rules, disabled owners and owners who lost the roles of the search', async () => {
    const w = world();
    w.rules.rules.set('r1', rule('r1', 'ana', tobacco, { enabled: false }));
    w.rules.rules.set('r2', rule('r2', 'bob', tobacco));
    w.owners.add({ sub: 'bob', roles: ['officer'], office: 'FRA-LEH', enabled: false });
    w.rules.rules.set('r3', rule('r3', 'carl', tobacco));
    w.owners.add({ sub: 'carl', roles: ['auditor'] });
    const evaluation = await w.evaluate.execute({ type: 'case', id: 'c1' }, byOfficer);
    expect(evaluation.evaluated).toBe(0);
    expect(w.matcher.asked).toHaveLength(0);
  });

  it('fails while the record service is behind (the event is redelivered), telling nobody', async () => {
    const w = world();
    w.rules.rules.set('r1', rule('r1', 'ana', tobacco));
    w.matcher.behind = true;
    await expect(w.evaluate.execute({ type: 'case', id: 'c1' }, byOfficer)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    expect(w.matches.keys.size).toBe(0);
    w.matcher.behind = false;
    expect((await w.evaluate.execute({ type: 'case', id: 'c1' }, byOfficer)).told).toEqual(['r1']);
  });

  it('tells nobody of a rule deleted or disabled since the index was written', async () => {
    const w = world();
    w.rules.rules.set('r1', rule('r1', 'ana', tobacco));
    // The index still has it enabled; the store says it is deleted.
    const enabled = w.index.enabled.bind(w.index);
    w.index.enabled = async (...args) => {
      const found = await enabled(...args);
      w.rules.rules.set('r1', rule('r1', 'ana', tobacco, { deleted: true }));
      return found;
    };
    const evaluation = await w.evaluate.execute({ type: 'case', id: 'c1' }, byOfficer);
    expect(evaluation.told).toEqual([]);
    expect(w.store.notifications.size).toBe(0);
  });

  it('links a person watch to the person, named by id', async () => {
    const w = world();
    w.rules.rules.set('r2', rule('r2', 'bob', watch));
    await w.evaluate.execute({ type: 'person', id: 'p1' }, byOfficer);
    const [stored] = [...w.store.notifications.values()];
    expect(stored).toMatchObject({
      recipient: 'bob',
      text: 'Your rule “Rule r2” found p1',
      link: { type: 'person', id: 'p1' },
    });
  });

  it('evaluates every batch of rules', async () => {
    const w = world();
    for (let i = 0; i < 450; i += 1) {
      const id = `r${String(i).padStart(3, '0')}`;
      w.rules.rules.set(id, rule(id, 'ana', tobacco));
    }
    const evaluation = await w.evaluate.execute({ type: 'case', id: 'c1' }, byOfficer);
    expect(w.matcher.asked.map((asked) => asked.searches.length)).toEqual([200, 200, 50]);
    expect(evaluation.told).toHaveLength(450);
  });
});
