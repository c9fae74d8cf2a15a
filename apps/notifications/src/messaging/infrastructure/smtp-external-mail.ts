import { Injectable } from '@nestjs/common';

import { DeliverEmailOnce } from '../../email/usecases/deliver-email-once';
import { ExternalMail } from '../usecases/ports';

/**
 * Outside members' e-mails through the e-mail feature: its SMTP sender, retries and delivery
 * records by key (once per message and member, with one Message-ID for every attempt).
 */
@Injectable()
export class SmtpExternalMail extends ExternalMail {
  constructor(private readonly deliver: DeliverEmailOnce) {
    super();
  }

  async send(key: string, to: string, subject: string, text: string): Promise<void> {
    const messageId = `<${key.replace(/[^A-Za-z0-9.-]+/g, '.')}@opencen>`;
    await this.deliver.execute(key, { to, subject, text, messageId });
  }
}
