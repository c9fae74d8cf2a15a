import { randomBytes } from 'node:crypto';

import { type Notification, type Person, type Rule } from '@opencen/contracts';
import { eventually } from '@opencen/testing';

import { type ProblemBody, api } from './support/gateway';

/**
 * Analytic rules through the gateway with the demo users' tokens and every service running: a
 * saved case search of the officer of FRA-CDG (clearance restricted) is told of a new case it
 * finds, once; never of a case of another office nor of one above the officer's clearance, nor
 * of one it does not find; a watch on persons of the analyst is told of a new person it finds.
 * Each rule looks for a word or a name of this run's own, so other files' records do not match.
 */
const letters = (n: number) =>
  [...randomBytes(n)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('');
const word = `zq${letters(8)}`;
const familyName = `Qorvath${letters(5)}`;

const seizure = (narrative: string, office = 'FRA-CDG', classification = 'restricted') => ({
  type: 'seizure',
  location: { office },
  narrative,
  classification,
  items: [{ commodityCategory: 'TOBACCO', quantity: 20, unit: 'KGM' }],
});

const ruleMatchesOf = async (user: 'officer' | 'analyst'): Promise<Notification[]> => {
  const page = await api<{ items: Notification[] }>('/api/v1/notifications?limit=100', {
    as: user,
  });
  expect(page.status).toBe(200);
  return page.body.items.filter((item) => item.kind === 'rule-match');
};

async function newCase(
  as: 'officer' | 'officer2' | 'supervisor',
  draft: ReturnType<typeof seizure>,
): Promise<{ id: string; number: string; version: number }> {
  const created = await api<{ id: string; number: string; version: number }>('/api/v1/cases', {
    method: 'POST',
    as,
    body: { draft },
  });
  expect({
    status: created.status,
    body: created.status === 201 ? undefined : created.body,
  }).toEqual({
    status: 201,
    body: undefined,
  });
  return created.body;
}

describe('analytic rules through the gateway', () => {
  let rule: Rule;

  it('saves a case search of any case filter, answered 201 with Location and ETag', async () => {
    const created = await api<Rule>('/api/v1/rules', {
      method: 'POST',
      as: 'officer',
      body: {
        name: 'Tobacco in trailers',
        target: { kind: 'case-search', filter: { commodityCategory: 'TOBACCO', text: word } },
      },
    });
    expect(created.status).toBe(201);
    rule = created.body;
    expect(created.headers.get('location')).toBe(`/api/v1/rules/${rule.id}`);
    expect(created.headers.get('etag')).toBe('"1"');
    const read = await api<Rule>(`/api/v1/rules/${rule.id}`, { as: 'officer' });
    expect(read.body).toEqual(rule);
    // Another user's rule is not found.
    expect((await api(`/api/v1/rules/${rule.id}`, { as: 'officer2' })).status).toBe(404);
    await eventually(
      async () => {
        const mine = await api<{ items: Rule[] }>('/api/v1/rules', { as: 'officer' });
        if (!mine.body.items.some((item) => item.id === rule.id)) throw new Error('not listed');
      },
      5000,
      'the rule listed',
    );
  });

  it('tells its owner of a new matching case once, and never of what the owner may not read', async () => {
    const otherOffice = await newCase('officer2', seizure(`Trailer ${word}`, 'FRA-LEH'));
    const aboveClearance = await newCase(
      'supervisor',
      seizure(`Trailer ${word}`, 'FRA-CDG', 'confidential'),
    );
    const notMatching = await newCase('supervisor', seizure('Trailer with nothing special'));
    const matching = await newCase('supervisor', seizure(`Trailer ${word}`));

    const told = await eventually(
      async () => {
        const found = (await ruleMatchesOf('officer')).filter((n) => n.link.id === matching.id);
        if (found.length === 0) throw new Error('not told yet');
        return found[0]!;
      },
      15_000,
      'the matching case told',
    );
    expect(told.text).toBe(`Your rule “Tobacco in trailers” found ${matching.number}`);
    expect(told.link).toEqual({ type: 'case', id: matching.id, label: matching.number });

    // The case changed (a new event evaluated): nobody is told twice. Then one more matching case,
    // published after everything above: once it is told, the others were evaluated long before.
    const updated = await api(`/api/v1/cases/${matching.id}`, {
      method: 'PUT',
      as: 'supervisor',
      body: seizure(`Trailer ${word}, second look`),
      headers: { 'If-Match': `"${matching.version}"` },
    });
    expect(updated.status).toBe(200);
    const last = await newCase('supervisor', seizure(`Van ${word}`));
    await eventually(
      async () => {
        if (!(await ruleMatchesOf('officer')).some((n) => n.link.id === last.id)) {
          throw new Error('not told yet');
        }
      },
      15_000,
      'the last case told',
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const all = await ruleMatchesOf('officer');
    expect(all.filter((n) => n.link.id === matching.id)).toHaveLength(1);
    for (const unseen of [otherOffice, aboveClearance, notMatching]) {
      expect(all.some((n) => n.link.id === unseen.id)).toBe(false);
    }
  });

  it('a watch on persons tells its owner of a new person it finds', async () => {
    const watch = await api<Rule>('/api/v1/rules', {
      method: 'POST',
      as: 'analyst',
      body: {
        name: 'Courier family',
        target: { kind: 'person-watch', filter: { name: familyName } },
      },
    });
    expect(watch.status).toBe(201);
    await eventually(
      async () => {
        const mine = await api<{ items: Rule[] }>('/api/v1/rules', { as: 'analyst' });
        if (!mine.body.items.some((item) => item.id === watch.body.id))
          throw new Error('not listed');
      },
      5000,
      'the watch listed',
    );
    const created = await api<{ person: Person }>('/api/v1/persons', {
      method: 'POST',
      as: 'officer',
      body: {
        draft: { familyName, givenNames: 'Anna', dateOfBirth: '1980-04-02' },
        confirmedNew: true,
      },
    });
    expect(created.status).toBe(201);
    const person = created.body.person;
    const told = await eventually(
      async () => {
        const found = (await ruleMatchesOf('analyst')).filter((n) => n.link.id === person.id);
        if (found.length === 0) throw new Error('not told yet');
        return found[0]!;
      },
      15_000,
      'the watch told',
    );
    // Named by its id: no name in a notification.
    expect(told.text).toBe(`Your rule “Courier family” found ${person.id}`);
    expect(told.link).toEqual({ type: 'person', id: person.id });
  });

  it('refuses bad input with a problem naming the field, and keeps nothing', async () => {
    const before = await api<{ items: Rule[] }>('/api/v1/rules?limit=100', { as: 'officer' });
    const unknownFilterField = await api<ProblemBody>('/api/v1/rules', {
      method: 'POST',
      as: 'officer',
      body: { name: 'Bad', target: { kind: 'case-search', filter: { colour: 'red' } } },
    });
    expect(unknownFilterField.status).toBe(400);
    expect(unknownFilterField.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(unknownFilterField.body.errors.map((e) => e.path)).toContain('target.filter.colour');
    const unknownField = await api<ProblemBody>('/api/v1/rules', {
      method: 'POST',
      as: 'officer',
      body: { name: 'Bad', target: { kind: 'case-search', filter: {} }, colour: 'red' },
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors.map((e) => e.path)).toContain('colour');
    // A watch on persons needs the roles of the person search: a liaison officer has none.
    const liaison = await api<ProblemBody>('/api/v1/rules', {
      method: 'POST',
      as: 'liaison',
      body: { name: 'W', target: { kind: 'person-watch', filter: { name: familyName } } },
    });
    expect(liaison.status).toBe(403);
    // Who keeps no rule at all is refused by the gateway.
    const auditor = await api<ProblemBody>('/api/v1/rules', { as: 'auditor' });
    expect(auditor.status).toBe(403);
    expect((await api('/api/v1/rules')).status).toBe(401);
    // A stale version: 409, and the rule is as it was.
    const stale = await api<ProblemBody>(`/api/v1/rules/${rule.id}/disable`, {
      method: 'POST',
      as: 'officer',
      body: {},
      headers: { 'If-Match': '"7"' },
    });
    expect(stale.status).toBe(409);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = await api<{ items: Rule[] }>('/api/v1/rules?limit=100', { as: 'officer' });
    expect(after.body.items).toEqual(before.body.items);
  });

  it('replaces, disables, enables and deletes a rule at its version', async () => {
    const target = { kind: 'case-search', filter: { text: word, status: 'submitted' } };
    const withoutVersion = await api<ProblemBody>(`/api/v1/rules/${rule.id}`, {
      method: 'PUT',
      as: 'officer',
      body: { name: 'Submitted tobacco', target },
    });
    expect(withoutVersion.status).toBe(428);
    const replaced = await api<Rule>(`/api/v1/rules/${rule.id}`, {
      method: 'PUT',
      as: 'officer',
      body: { name: 'Submitted tobacco', target },
      headers: { 'If-Match': '"1"' },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.headers.get('etag')).toBe('"2"');
    expect(replaced.body).toMatchObject({ name: 'Submitted tobacco', target, version: 2 });
    const disabled = await api<Rule>(`/api/v1/rules/${rule.id}/disable`, {
      method: 'POST',
      as: 'officer',
      body: {},
      headers: { 'If-Match': '"2"' },
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ enabled: false, version: 3 });
    const enabled = await api<Rule>(`/api/v1/rules/${rule.id}/enable`, {
      method: 'POST',
      as: 'officer',
      body: {},
      headers: { 'If-Match': '"3"' },
    });
    expect(enabled.body).toMatchObject({ enabled: true, version: 4 });
    const deleted = await api(`/api/v1/rules/${rule.id}/delete`, {
      method: 'POST',
      as: 'officer',
      body: {},
      headers: { 'If-Match': '"4"' },
    });
    expect(deleted.status).toBe(200);
    expect((await api(`/api/v1/rules/${rule.id}`, { as: 'officer' })).status).toBe(404);
  });
});
