import { type EmailSource, NON_NOMINAL_FIELDS, linkUrl, notificationEmail } from './email-message';

const hit = (language: EmailSource['language'], text: string): EmailSource => ({
  kind: 'watchlist-hit',
  language,
  text,
  link: { type: 'case', id: 'c-1', label: 'FRA-CDG-2026-000042' },
});

const options = { appUrl: 'https://cen.example/', policy: 'forbidden' as const };

describe('notificationEmail', () => {
  it('makes the subject and body of the text, with the footer in the recipient language', () => {
    const fr = notificationEmail(
      hit('fr', 'Alerte A-7 : le sujet apparaît dans le dossier X.'),
      options,
    );
    expect(fr.subject).toBe('OpenCEN: Alerte A-7 : le sujet apparaît dans le dossier X.');
    expect(fr.text).toContain('Alerte A-7 : le sujet apparaît dans le dossier X.');
    expect(fr.text).toContain('Ouvrir dans OpenCEN : https://cen.example/cases/c-1');
    expect(fr.text).toContain('préférences de notification');
    const en = notificationEmail(hit('en', 'Alert A-7 matched case X.'), options);
    expect(en.text).toContain('Open it in OpenCEN: https://cen.example/cases/c-1');
    expect(en.text).not.toContain('Ouvrir');
  });

  it('has a footer in each of the six languages, each its own', () => {
    const footers = (['en', 'fr', 'es', 'pt', 'ru', 'ar'] as const).map(
      (language) => notificationEmail(hit(language, 'x'), options).text,
    );
    expect(new Set(footers).size).toBe(6);
  });

  it('cuts a long text in the subject at a word, whole in the body', () => {
    const text = `${'word '.repeat(60)}end`;
    const message = notificationEmail(hit('en', text), options);
    expect(message.subject.length).toBeLessThanOrEqual('OpenCEN: '.length + 121);
    expect(message.subject.endsWith('…')).toBe(true);
    expect(message.text).toContain(text);
  });

  it('leaves a nominal field out when nominal data is forbidden by e-mail, in when allowed', () => {
    const source = {
      ...hit('en', 'Alert A-7 matched case X.'),
      nominal: { person: 'Jean DUPONT' },
    };
    expect(notificationEmail(source, options).text).not.toContain('DUPONT');
    expect(notificationEmail(source, options).subject).not.toContain('DUPONT');
    expect(notificationEmail(source, { ...options, policy: 'allowed' }).text).toContain(
      'person: Jean DUPONT',
    );
  });

  it('is built from the non-nominal fields only when forbidden: other fields change nothing', () => {
    const source = hit('en', 'Alert A-7 matched case X.');
    const withMore = { ...source, passport: 'X1234567', nominal: { name: 'Jean' } } as EmailSource;
    expect(notificationEmail(withMore, options)).toEqual(notificationEmail(source, options));
    expect(NON_NOMINAL_FIELDS).toEqual(['kind', 'language', 'text', 'link']);
  });

  it('links each target to its page in the application', () => {
    expect(linkUrl('https://a', { type: 'alert', id: 'a/1' })).toBe('https://a/alerts/a%2F1');
    expect(linkUrl('https://a', { type: 'account', id: 'u' })).toBe('https://a/account');
    expect(linkUrl('https://a', { type: 'conversation', id: 'k' })).toBe(
      'https://a/conversations/k',
    );
  });
});
