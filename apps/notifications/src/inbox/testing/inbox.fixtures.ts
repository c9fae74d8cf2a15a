import {
  type CloudEvent,
  type Notification,
  type NotificationChannel,
  type NotificationKind,
} from '@opencen/contracts';
import { type Clock } from '@opencen/nest-kit';
import { FixedClock } from '@opencen/testing';

import { type Audience, notificationKey } from '../domain/notice';
import { type CaseFacts, type TaskDeadline, type TaskState } from '../domain/recipient-rules';
import { DeliverNotice } from '../usecases/deliver-notice';
import {
  CaseFactsStore,
  ChannelPreferences,
  LiveNotifications,
  NotificationStore,
  type Recipient,
  Recipients,
  type StoredNotification,
} from '../usecases/ports';

/** The auth service in memory: users with their office, roles and language. */
export class FakeRecipients extends Recipients {
  readonly users = new Map<string, Recipient & { office: string; supervisor: boolean }>();
  asked = 0;

  add(
    id: string,
    office: string,
    options: { supervisor?: boolean; language?: Recipient['language'] } = {},
  ): void {
    this.users.set(id, {
      id,
      office,
      supervisor: options.supervisor ?? false,
      language: options.language ?? 'en',
    });
  }

  async of(audience: Audience): Promise<Recipient[]> {
    this.asked += 1;
    const all = [...this.users.values()];
    const found =
      audience.type === 'users'
        ? all.filter((user) => audience.users.includes(user.id))
        : all.filter((user) => user.office === audience.office && user.supervisor);
    return found.map(({ id, language }) => ({ id, language }));
  }
}

export class FakePreferences extends ChannelPreferences {
  readonly chosen = new Map<string, NotificationChannel[]>();

  async channelsOf(user: string, kind: NotificationKind): Promise<NotificationChannel[]> {
    return this.chosen.get(`${user}:${kind}`) ?? ['in-app'];
  }
}

/** The store in memory, with every event written. */
export class FakeNotificationStore extends NotificationStore {
  readonly notifications = new Map<string, StoredNotification>();
  readonly events: CloudEvent[] = [];

  async insert(notification: StoredNotification, event: CloudEvent) {
    const key = notificationKey(notification.recipient, notification.id);
    const existing = this.notifications.get(key);
    if (existing) return { stored: false, notification: existing };
    this.notifications.set(key, notification);
    this.events.push(event);
    return { stored: true, notification };
  }

  async get(recipient: string, id: string) {
    return this.notifications.get(notificationKey(recipient, id)) ?? null;
  }

  async markRead(notification: StoredNotification, at: Date, event: CloudEvent) {
    const key = notificationKey(notification.recipient, notification.id);
    const current = this.notifications.get(key)!;
    if (current.version !== notification.version) return;
    this.notifications.set(key, {
      ...current,
      read: true,
      readAt: at,
      version: current.version + 1,
    });
    this.events.push(event);
  }
}

export class FakeLive extends LiveNotifications {
  readonly pushed: { recipient: string; notification: Notification }[] = [];

  push(recipient: string, notification: Notification): void {
    this.pushed.push({ recipient, notification });
  }
}

export class FakeCaseFacts extends CaseFactsStore {
  readonly cases = new Map<string, CaseFacts>();
  readonly tasks = new Map<string, TaskDeadline & { open: boolean; told: TaskState[] }>();

  async get(caseId: string) {
    return this.cases.get(caseId) ?? null;
  }

  async recordCase(facts: CaseFacts) {
    this.cases.set(facts.caseId, facts);
  }

  async recordTask(task: TaskDeadline) {
    const key = `${task.caseId}/${task.taskId}`;
    this.tasks.set(key, { ...task, open: true, told: this.tasks.get(key)?.told ?? [] });
  }

  async completeTask(caseId: string, taskId: string) {
    const task = this.tasks.get(`${caseId}/${taskId}`);
    if (task) task.open = false;
  }

  async dueOn(days: readonly string[]) {
    return [...this.tasks.values()]
      .filter((task) => task.open && days.includes(task.dueDate))
      .map(({ open: _open, ...task }) => ({ ...task, told: [...task.told] }));
  }

  async markTold(caseId: string, taskId: string, state: TaskState) {
    this.tasks.get(`${caseId}/${taskId}`)?.told.push(state);
  }
}

/** The inbox's use cases over fakes, at a fixed time. */
export function inboxWorld(now = new Date('2026-12-07T10:00:00Z')) {
  const recipients = new FakeRecipients();
  const preferences = new FakePreferences();
  const store = new FakeNotificationStore();
  const live = new FakeLive();
  const facts = new FakeCaseFacts();
  const clock = new FixedClock(now);
  const deliver = new DeliverNotice(recipients, preferences, store, clock as unknown as Clock);
  return { recipients, preferences, store, live, facts, clock, deliver };
}
