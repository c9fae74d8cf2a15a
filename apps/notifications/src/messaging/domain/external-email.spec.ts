import { externalMessageEmail } from './external-email';

const message = {
  conversation: 'Operation Tide',
  number: 4,
  body: 'Container TGHU1 at dock 3',
  attachments: 1,
};

describe('e-mails to outside members', () => {
  it('carry no content unless the administration allows message bodies outside', () => {
    const notice = externalMessageEmail({ ...message, bodies: 'forbidden' });
    expect(notice.subject).toBe('OpenCEN: new message in Operation Tide');
    expect(notice.text).not.toContain('TGHU1');
    const full = externalMessageEmail({ ...message, bodies: 'allowed' });
    expect(full.text).toContain('Container TGHU1 at dock 3');
  });
});
