import { LANGUAGES, NOTIFICATION_KINDS } from '@opencen/contracts';

import { TEXTS, notificationText } from './notification-texts';

const params = {
  case: 'FRA-CDG-2026-000042',
  alert: 'alert-7',
  date: '2026-12-08',
  conversation: 'Operation Tiger',
  rule: 'Tobacco by road',
  record: 'FRA-CDG-2026-000042',
  webhook: 'wh_Yre5Q9Dmbee70kZMInuBVA',
};

describe('notification texts', () => {
  it('has a short text for every kind in each of the six languages', () => {
    for (const kind of NOTIFICATION_KINDS) {
      for (const language of LANGUAGES) {
        const text = notificationText(kind, language, params);
        expect(text.length).toBeGreaterThan(10);
        expect(text.length).toBeLessThanOrEqual(120);
        expect(text).not.toMatch(/[{}]/);
      }
    }
  });

  it('names the case number, the alert, the date, the rule, the record and the webhook it is given, and nothing else', () => {
    expect(notificationText('watchlist-hit', 'en', params)).toBe(
      'Watchlist hit: alert alert-7 in case FRA-CDG-2026-000042',
    );
    expect(notificationText('case-assigned', 'fr', params)).toBe(
      'Le dossier FRA-CDG-2026-000042 vous a été attribué',
    );
    expect(notificationText('task-overdue', 'pt', params)).toContain('2026-12-08');
    expect(notificationText('rule-match', 'fr', params)).toBe(
      'Votre règle « Tobacco by road » a trouvé FRA-CDG-2026-000042',
    );
    expect(notificationText('message-posted', 'es', params)).toBe(
      'Nuevo mensaje en Operation Tiger',
    );
    expect(notificationText('webhook-disabled', 'en', params)).toBe(
      'Webhook wh_Yre5Q9Dmbee70kZMInuBVA was disabled after repeated failed deliveries',
    );
    // The templates hold no placeholder but these: a conversation's name (not a message's body), a
    // rule's name (its owner's title), a record's case number or id, a webhook's id (a system).
    const placeholders = new Set(
      Object.values(TEXTS).flatMap((byLanguage) =>
        Object.values(byLanguage).flatMap((text) => text.match(/\{[a-z]+\}/g) ?? []),
      ),
    );
    expect([...placeholders].sort()).toEqual([
      '{alert}',
      '{case}',
      '{conversation}',
      '{date}',
      '{record}',
      '{rule}',
      '{webhook}',
    ]);
  });

  it('refuses to build a text without what it names', () => {
    expect(() => notificationText('case-rejected', 'es', {})).toThrow('{case}');
  });
});
