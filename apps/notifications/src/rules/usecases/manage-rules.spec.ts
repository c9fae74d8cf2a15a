import { type Principal, ruleCreated, ruleDeleted, ruleDisabled } from '@opencen/contracts';
import { type Clock, type IdGenerator } from '@opencen/nest-kit';

import { rulesWorld } from '../testing/rules.fixtures';
import { ChangeRule } from './change-rule';
import { CreateRule } from './create-rule';
import { GetRule } from './get-rule';
import { ListRules } from './list-rules';

const officer: Principal = { sub: 'ana', username: 'ana', roles: ['officer'], office: 'FRA-CDG' };
const liaison: Principal = { sub: 'lia', username: 'lia', roles: ['liaison'] };
const other: Principal = { ...officer, sub: 'bob' };
const as = (principal: Principal) => ({ correlationId: 'c', principal });

function world() {
  const w = rulesWorld();
  let n = 0;
  const ids = { next: () => `rule-${++n}`, repeatsEarlierRun: () => false } as IdGenerator;
  const clock = w.clock as unknown as Clock;
  return {
    ...w,
    create: new CreateRule(w.rules, w.index, clock, ids),
    list: new ListRules(w.index, w.rules),
    get: new GetRule(w.rules),
    change: new ChangeRule(w.rules, clock),
  };
}

const tobacco = { kind: 'case-search', filter: { commodityCategory: 'TOBACCO' } } as const;
const watch = { kind: 'person-watch', filter: { name: 'Ivanov' } } as const;

describe('managing rules', () => {
  it('saves a rule for its caller with its created event, which names neither name nor filter', async () => {
    const w = world();
    const rule = await w.create.execute({
      name: 'Tobacco',
      target: tobacco,
      enabled: true,
      context: as(officer),
    });
    expect(rule).toMatchObject({ id: 'rule-1', owner: 'ana', version: 1, enabled: true });
    expect(w.rules.events).toHaveLength(1);
    expect(w.rules.events[0]).toMatchObject({ type: ruleCreated.type, subject: 'rule-1' });
    expect(JSON.stringify(w.rules.events[0]!.data)).not.toMatch(/Tobacco|TOBACCO/);
  });

  it('refuses a rule whose search the caller may not run', async () => {
    const w = world();
    // A liaison officer reads cases, not persons.
    await expect(
      w.create.execute({ name: 'W', target: watch, enabled: true, context: as(liaison) }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(w.rules.rules.size).toBe(0);
    await expect(
      w.create.execute({ name: 'C', target: tobacco, enabled: true, context: as(liaison) }),
    ).resolves.toMatchObject({ owner: 'lia' });
  });

  it("answers NOT_FOUND for another user's rule, and changes nothing", async () => {
    const w = world();
    const rule = await w.create.execute({
      name: 'T',
      target: tobacco,
      enabled: true,
      context: as(officer),
    });
    await expect(w.get.execute({ id: rule.id, context: as(other) })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      w.change.execute({ id: rule.id, version: 1, change: { type: 'delete' }, context: as(other) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(w.rules.rules.get(rule.id)).toMatchObject({ deleted: false, version: 1 });
  });

  it('changes at the version seen only, and lists what is left newest first', async () => {
    const w = world();
    const first = await w.create.execute({
      name: 'A',
      target: tobacco,
      enabled: true,
      context: as(officer),
    });
    w.clock.advance(1000);
    const second = await w.create.execute({
      name: 'B',
      target: watch,
      enabled: true,
      context: as(officer),
    });
    await expect(
      w.change.execute({
        id: first.id,
        version: 2,
        change: { type: 'disable' },
        context: as(officer),
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const disabled = await w.change.execute({
      id: first.id,
      version: 1,
      change: { type: 'disable' },
      context: as(officer),
    });
    expect(disabled).toMatchObject({ enabled: false, version: 2 });
    expect(
      (await w.list.execute({ limit: 10, context: as(officer) })).items.map((r) => r.id),
    ).toEqual([second.id, first.id]);
    await w.change.execute({
      id: second.id,
      version: 1,
      change: { type: 'delete' },
      context: as(officer),
    });
    expect(w.rules.events.map((event) => event.type)).toEqual([
      ruleCreated.type,
      ruleCreated.type,
      ruleDisabled.type,
      ruleDeleted.type,
    ]);
    expect(
      (await w.list.execute({ limit: 10, context: as(officer) })).items.map((r) => r.id),
    ).toEqual([first.id]);
    await expect(w.get.execute({ id: second.id, context: as(officer) })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
