import { eventually } from './search';

/** An address as Mailpit reads it from a message's headers. */
export interface MailAddress {
  /** The display name; empty when the header has none. */
  Name: string;
  Address: string;
}

/** One message of a list or search: its envelope and the first characters of its text. */
export interface MailSummary {
  /** Mailpit's id of the message, for {@link MailpitClient.message}. */
  ID: string;
  /** The Message-ID header, without angle brackets. */
  MessageID: string;
  From: MailAddress | null;
  To: MailAddress[];
  Cc: MailAddress[];
  Bcc: MailAddress[];
  ReplyTo: MailAddress[];
  Subject: string;
  /** When Mailpit received it (RFC 3339). */
  Created: string;
  Tags: string[];
  Size: number;
  /** How many attachments it has. */
  Attachments: number;
  /** Up to 250 characters of its text. */
  Snippet: string;
}

/** A file attached to a message, or an inline part of its HTML (an image). */
export interface MailAttachment {
  PartID: string;
  FileName: string;
  ContentType: string;
  ContentID: string;
  Size: number;
}

/** One message in full: its envelope, both bodies and its attachments. */
export interface MailMessage {
  ID: string;
  MessageID: string;
  From: MailAddress | null;
  To: MailAddress[];
  Cc: MailAddress[];
  Bcc: MailAddress[];
  ReplyTo: MailAddress[];
  ReturnPath: string;
  Subject: string;
  /** The Date header, or when it was received (RFC 3339). */
  Date: string;
  Tags: string[];
  /** The text body (or the text Mailpit makes from the HTML when there is none). */
  Text: string;
  /** The HTML body; empty when there is none. */
  HTML: string;
  Size: number;
  Inline: MailAttachment[];
  Attachments: MailAttachment[];
}

/**
 * A message's headers by name, each name in its canonical form (`X-Opencen-Case` for
 * `X-OpenCEN-Case`: each word capitalized, the rest lower case), each with all its values.
 */
export type MailHeaders = Record<string, string[]>;

interface MessagesPage {
  total: number;
  messages: MailSummary[];
}

/**
 * A Mailpit search query that matches messages sent to `address` (To, Cc or Bcc). See Mailpit's
 * search filters (`to:`, `from:`, `subject:`, `is:unread`...) for more.
 */
export function mailTo(address: string): string {
  return `to:"${address.replace(/"/g, '')}"`;
}

/**
 * Reads and deletes what was sent to the Mailpit of the test infrastructure, through its HTTP API
 * (MAILPIT_URL, which global setup provides). Services send with SMTP_URL; a test reads what
 * arrived here. Mail is delivered asynchronously: use {@link waitForMessage} to wait for one.
 *
 * Every test file shares one Mailpit: search by an address of the test's own (e.g. with a random
 * part) rather than listing everything, and delete by search rather than all.
 */
export class MailpitClient {
  private readonly baseUrl: string;

  /** @param baseUrl Mailpit's HTTP address (default: MAILPIT_URL). */
  constructor(baseUrl: string | undefined = process.env.MAILPIT_URL) {
    if (!baseUrl) {
      throw new Error(
        'MAILPIT_URL is not set: run the test through jest with the @opencen/testing global setup, ' +
          'or set it to a running Mailpit.',
      );
    }
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** The newest messages first, at most `limit` (default 50). */
  async messages(limit = 50): Promise<MailSummary[]> {
    const page = await this.request<MessagesPage>('GET', `/api/v1/messages?limit=${limit}`);
    return page.messages;
  }

  /** The messages matching a Mailpit search query, newest first, at most `limit` (default 50). */
  async search(query: string, limit = 50): Promise<MailSummary[]> {
    const params = new URLSearchParams({ query, limit: String(limit) });
    const page = await this.request<MessagesPage>('GET', `/api/v1/search?${params}`);
    return page.messages;
  }

  /** The messages sent to `address` (To, Cc or Bcc), newest first. */
  messagesTo(address: string, limit = 50): Promise<MailSummary[]> {
    return this.search(mailTo(address), limit);
  }

  /** One message in full (subject, addresses, text, HTML, attachments); marks it read. */
  message(id: string): Promise<MailMessage> {
    return this.request<MailMessage>('GET', `/api/v1/message/${encodeURIComponent(id)}`);
  }

  /** One message's headers. */
  headers(id: string): Promise<MailHeaders> {
    return this.request<MailHeaders>('GET', `/api/v1/message/${encodeURIComponent(id)}/headers`);
  }

  /**
   * Waits until a message matching `query` (a search, e.g. {@link mailTo}) has arrived, for at
   * most `withinMs`, and returns the newest in full.
   */
  async waitForMessage(query: string, withinMs = 5000): Promise<MailMessage> {
    const [found] = await eventually(
      async () => {
        const messages = await this.search(query, 1);
        if (messages.length === 0) throw new Error(`no message matches ${query}`);
        return messages;
      },
      withinMs,
      `a message matching ${query}`,
    );
    return this.message(found!.ID);
  }

  /** Deletes the messages matching a search query (e.g. {@link mailTo}). */
  async deleteSearch(query: string): Promise<void> {
    await this.request('DELETE', `/api/v1/search?${new URLSearchParams({ query })}`);
  }

  /** Deletes every message (of every test file: prefer {@link deleteSearch}). */
  async deleteAll(): Promise<void> {
    await this.request('DELETE', '/api/v1/messages');
  }

  private async request<T>(method: 'GET' | 'DELETE', path: string): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, { method });
    const body = await response.text();
    if (!response.ok) {
      throw new Error(`Mailpit ${method} ${path} answered ${response.status}: ${body.trim()}`);
    }
    return (
      body && response.headers.get('content-type')?.includes('json') ? JSON.parse(body) : undefined
    ) as T;
  }
}
