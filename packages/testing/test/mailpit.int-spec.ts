import { randomUUID } from 'node:crypto';
import { MailpitClient, mailTo, testInfrastructure } from '../src';

// The SMTP client of the local runner's tests: a service sends with a mail library instead.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { smtpSend } = require('@opencen/infra-local/lib/smtp') as {
  smtpSend: (
    url: string,
    mail: {
      from: string;
      to: string[];
      subject: string;
      text: string;
      html?: string;
      headers?: Record<string, string>;
    },
  ) => Promise<string>;
};

describe('MailpitClient, against the Mailpit of the test infrastructure', () => {
  const { smtpUrl } = testInfrastructure();
  const mailpit = new MailpitClient();
  // Addresses of this test file's own: the Mailpit is shared.
  const run = randomUUID().slice(0, 8);
  const officer = `officer-${run}@customs.test`;
  const supervisor = `supervisor-${run}@customs.test`;

  afterAll(() => mailpit.deleteSearch(`to:"${run}"`));

  it('waits for a message sent over SMTP and reads it whole', async () => {
    await smtpSend(smtpUrl, {
      from: 'OpenCEN <notifications@opencen.test>',
      to: [officer, `Supervisor <${supervisor}>`],
      subject: 'Case CEN-7 assigned to you',
      text: 'Case CEN-7 is yours.',
      html: '<p>Case <b>CEN-7</b> is yours.</p>',
      headers: { 'X-OpenCEN-Case': 'CEN-7' },
    });

    const message = await mailpit.waitForMessage(mailTo(officer));
    expect(message).toMatchObject({
      From: { Name: 'OpenCEN', Address: 'notifications@opencen.test' },
      To: [
        { Name: '', Address: officer },
        { Name: 'Supervisor', Address: supervisor },
      ],
      Subject: 'Case CEN-7 assigned to you',
      HTML: '<p>Case <b>CEN-7</b> is yours.</p>',
    });
    expect(message.Text.trim()).toBe('Case CEN-7 is yours.');
    const headers = await mailpit.headers(message.ID);
    expect(headers['X-Opencen-Case']).toEqual(['CEN-7']);
  });

  it('lists the messages to an address, newest first, and only theirs', async () => {
    for (const subject of ['first', 'second'])
      await smtpSend(smtpUrl, { from: 'n@opencen.test', to: [officer], subject, text: subject });
    await smtpSend(smtpUrl, { from: 'n@opencen.test', to: [supervisor], subject: 'x', text: 'x' });

    // The first test's message, and these two.
    const toOfficer = await mailpit.messagesTo(officer);
    expect(toOfficer.map((m) => m.Subject)).toEqual([
      'second',
      'first',
      'Case CEN-7 assigned to you',
    ]);
    expect((await mailpit.messages()).map((m) => m.ID)).toEqual(
      expect.arrayContaining(toOfficer.map((m) => m.ID)),
    );
    expect((await mailpit.search(`to:"${officer}" subject:second`)).map((m) => m.Subject)).toEqual([
      'second',
    ]);
  });

  it('deletes by search', async () => {
    await mailpit.deleteSearch(mailTo(officer));
    expect(await mailpit.messagesTo(officer)).toEqual([]);
    // the message to the supervisor alone is still there (the first one went to both)
    expect((await mailpit.messagesTo(supervisor)).map((m) => m.Subject)).toEqual(['x']);
  });

  it('says which call failed and what Mailpit answered', async () => {
    await expect(mailpit.message('no-such-id')).rejects.toThrow(
      /Mailpit GET \/api\/v1\/message\/no-such-id answered 404/,
    );
  });

  it('needs MAILPIT_URL', () => {
    expect(() => new MailpitClient('')).toThrow(/MAILPIT_URL is not set/);
  });
});
