import { type Alert, type Person } from '@opencen/contracts';
import { type ProblemBody, api } from './support/gateway';

const draft = {
  reason: 'Courier of a cigarette smuggling ring',
  category: 'smuggling-suspect',
  validFrom: '2026-01-01',
  validTo: '2099-12-31',
  handlingInstruction: 'Notify the investigator, do not alert the subject',
};

describe('watchlist alerts through the gateway', () => {
  let person: Person;
  let alert: Alert;

  beforeAll(async () => {
    const reply = await api<{ outcome: string; person: Person }>('/api/v1/persons', {
      method: 'POST',
      as: 'officer',
      body: {
        draft: { familyName: 'Kowalczyk', givenNames: 'Zbigniew', dateOfBirth: '1971-03-04' },
        confirmedNew: true,
      },
    });
    expect(reply.status).toBe(201);
    person = reply.body.person;
  });

  it('lets an investigator raise an alert on a person: 201 with Location and ETag', async () => {
    const reply = await api<Alert>('/api/v1/alerts', {
      method: 'POST',
      as: 'investigator',
      body: { subject: { subjectType: 'person', subjectId: person.id }, draft },
    });
    expect(reply.status).toBe(201);
    alert = reply.body;
    expect(reply.headers.get('location')).toBe(`/api/v1/alerts/${alert.id}`);
    expect(reply.headers.get('etag')).toBe(`"${alert.version}"`);
    expect(alert).toMatchObject({
      subject: { subjectType: 'person', subjectId: person.id },
      status: 'active',
      ownerOffice: 'FRA-PAR',
    });
  });

  it('refuses an officer: 403', async () => {
    const reply = await api<ProblemBody>('/api/v1/alerts', {
      method: 'POST',
      as: 'officer',
      body: { subject: { subjectType: 'person', subjectId: person.id }, draft },
    });
    expect(reply.status).toBe(403);
  });

  it('lets an analyst read it, alone and in the list of the person', async () => {
    const read = await api<Alert>(`/api/v1/alerts/${alert.id}`, { as: 'analyst' });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe(`"${alert.version}"`);
    expect(read.body).toMatchObject({ id: alert.id, reason: draft.reason });
    const list = await api<{ items: Alert[] }>(
      `/api/v1/alerts?subjectType=person&subjectId=${person.id}&activeOnly=true`,
      { as: 'analyst' },
    );
    expect(list.status).toBe(200);
    expect(list.body.items.map((item) => item.id)).toEqual([alert.id]);
  });

  it('lets the investigator change it with If-Match; a stale version is 409', async () => {
    const reply = await api<Alert>(`/api/v1/alerts/${alert.id}`, {
      method: 'PATCH',
      as: 'investigator',
      body: { ...draft, category: 'wanted' },
      headers: { 'if-match': `"${alert.version}"` },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ category: 'wanted', version: alert.version + 1 });
    const stale = await api<ProblemBody>(`/api/v1/alerts/${alert.id}`, {
      method: 'PATCH',
      as: 'investigator',
      body: draft,
      headers: { 'if-match': `"${alert.version}"` },
    });
    expect(stale.status).toBe(409);
    alert = reply.body;
  });

  it('lets the investigator withdraw it; then it is no longer active', async () => {
    const analyst = await api<ProblemBody>(`/api/v1/alerts/${alert.id}/withdraw`, {
      method: 'POST',
      as: 'analyst',
      headers: { 'if-match': `"${alert.version}"` },
    });
    expect(analyst.status).toBe(403);
    const reply = await api<Alert>(`/api/v1/alerts/${alert.id}/withdraw`, {
      method: 'POST',
      as: 'investigator',
      headers: { 'if-match': `"${alert.version}"` },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'withdrawn', version: alert.version + 1 });
    expect(reply.headers.get('etag')).toBe(`"${alert.version + 1}"`);
    const active = await api<{ items: Alert[] }>(
      `/api/v1/alerts?subjectType=person&subjectId=${person.id}&activeOnly=true`,
      { as: 'analyst' },
    );
    expect(active.body.items).toEqual([]);
    const all = await api<{ items: Alert[] }>(
      `/api/v1/alerts?subjectType=person&subjectId=${person.id}`,
      { as: 'analyst' },
    );
    expect(all.body.items.map((item) => [item.id, item.status])).toEqual([[alert.id, 'withdrawn']]);
  });
});
