import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { type Transporter, createTransport } from 'nodemailer';

import { EmailSender, type OutgoingEmail } from '../usecases/ports';

/** The SMTP relay (`SMTP_URL`) and the sender's address (`SMTP_FROM`). */
export abstract class SmtpSettings {
  abstract readonly url: string;
  abstract readonly from: string;
}

/** How long connecting, the greeting and each SMTP command may take before the send fails. */
const SMTP_TIMEOUT_MS = 10_000;

/**
 * Sends through the relay of `SMTP_URL` with nodemailer: `smtp://` (STARTTLS when the relay offers
 * it), `smtps://` (TLS from the start, port 465 by default), credentials in the URL. One
 * connection per message (no pool): a connection that failed is not reused for the next one.
 */
@Injectable()
export class SmtpEmailSender extends EmailSender implements OnModuleDestroy {
  private readonly transporter: Transporter;

  constructor(@Inject(SmtpSettings) private readonly settings: SmtpSettings) {
    super();
    this.transporter = createTransport({
      url: settings.url,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
  }

  async send(email: OutgoingEmail): Promise<void> {
    await this.transporter.sendMail({
      from: this.settings.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      messageId: email.messageId,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  }

  onModuleDestroy(): void {
    this.transporter.close();
  }
}
