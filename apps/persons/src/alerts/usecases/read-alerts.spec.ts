import { type Principal } from '@opencen/contracts';

import {
  InMemoryAlerts,
  KnownSubjects,
  anAlert,
  contextOf,
  investigator,
} from '../testing/alerts.fixtures';
import { GetAlert } from './get-alert';
import { ListAlerts } from './list-alerts';

describe('GetAlert and ListAlerts', () => {
  const subject = { subjectType: 'person', subjectId: 'person-1' } as const;
  const alerts = new InMemoryAlerts([anAlert()]);
  const subjects = new KnownSubjects(['person-1']);
  subjects.classified.set('person:person-1', 'confidential');
  const get = (principal: Principal) =>
    new GetAlert(alerts, subjects).execute({ id: 'alert-1', context: contextOf(principal) });
  const list = (principal: Principal) =>
    new ListAlerts(alerts, subjects).execute({
      subject,
      activeOnly: false,
      context: contextOf(principal),
    });

  it('answers an alert on a subject above the caller’s clearance as not found, and lists none', async () => {
    await expect(get(investigator)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await list(investigator)).items).toEqual([]);
  });

  it('answers it to a caller cleared for its subject', async () => {
    const cleared = { ...investigator, clearance: 'confidential' as const };
    await expect(get(cleared)).resolves.toMatchObject({ id: 'alert-1', subject });
    expect((await list(cleared)).items.map((alert) => alert.id)).toEqual(['alert-1']);
  });
});
