import { type Language, type NotificationKind, type NotificationLink } from '@opencen/contracts';

/**
 * What the administration allows in what leaves the system by e-mail (`EMAIL_NOMINAL_DATA`):
 * `forbidden` (the default) keeps every nominal field out of a message.
 */
export type NominalDataPolicy = 'forbidden' | 'allowed';

/** What a notification e-mail is made from: the notification's own fields and, apart, nominal ones. */
export interface EmailSource {
  readonly kind: NotificationKind;
  readonly language: Language;
  /** The notification's text, localized, naming a case number, an alert id or a date: no person. */
  readonly text: string;
  readonly link: NotificationLink;
  /**
   * Fields that name or describe a person (none today: the notifications carry none). They reach a
   * message only when the administration allows nominal data by e-mail.
   */
  readonly nominal?: Readonly<Record<string, string>>;
}

/** The fields a message is built from whatever the policy: none of them is nominal. */
export const NON_NOMINAL_FIELDS = ['kind', 'language', 'text', 'link'] as const;

export interface EmailMessage {
  readonly subject: string;
  readonly text: string;
}

interface Footer {
  readonly open: string;
  readonly why: string;
}

/** The footer in the six languages: where to read it in the application, and why it came. */
const FOOTERS: Record<Language, Footer> = {
  en: {
    open: 'Open it in OpenCEN:',
    why: 'You receive this e-mail because of your notification preferences in OpenCEN.',
  },
  fr: {
    open: 'Ouvrir dans OpenCEN :',
    why: 'Vous recevez ce courriel en raison de vos préférences de notification dans OpenCEN.',
  },
  es: {
    open: 'Abrir en OpenCEN:',
    why: 'Recibe este correo por sus preferencias de notificación en OpenCEN.',
  },
  pt: {
    open: 'Abrir no OpenCEN:',
    why: 'Recebe este e-mail devido às suas preferências de notificação no OpenCEN.',
  },
  ru: {
    open: 'Открыть в OpenCEN:',
    why: 'Вы получили это письмо в соответствии с вашими настройками уведомлений в OpenCEN.',
  },
  ar: {
    open: 'افتحه في OpenCEN:',
    why: 'تتلقى هذا البريد الإلكتروني بسبب تفضيلات الإشعارات الخاصة بك في OpenCEN.',
  },
};

/** The longest subject line: the text, cut at a word when longer. */
const SUBJECT_MAX = 120;

/** Where a notification's link leads in the web application at `appUrl`. */
export function linkUrl(appUrl: string, link: NotificationLink): string {
  const base = appUrl.replace(/\/+$/, '');
  const id = encodeURIComponent(link.id);
  switch (link.type) {
    case 'case':
      return `${base}/cases/${id}`;
    case 'alert':
      return `${base}/alerts/${id}`;
    case 'conversation':
      return `${base}/conversations/${id}`;
    case 'account':
      return `${base}/account`;
    case 'person':
      return `${base}/persons/${id}`;
    case 'company':
      return `${base}/companies/${id}`;
    case 'conveyance':
      return `${base}/conveyances/${id}`;
  }
}

function subjectOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= SUBJECT_MAX) return `OpenCEN: ${line}`;
  const cut = line.slice(0, SUBJECT_MAX);
  const space = cut.lastIndexOf(' ');
  return `OpenCEN: ${(space > 40 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * The e-mail of one notification, in its recipient's language: the notification's text as subject
 * and body, then the footer with the link to the application. Built from the non-nominal fields
 * only ({@link NON_NOMINAL_FIELDS}); the nominal ones are added only when `policy` allows them.
 */
export function notificationEmail(
  source: EmailSource,
  options: { appUrl: string; policy: NominalDataPolicy },
): EmailMessage {
  const footer = FOOTERS[source.language];
  const lines = [source.text, ''];
  if (options.policy === 'allowed') {
    for (const [name, value] of Object.entries(source.nominal ?? {}))
      lines.push(`${name}: ${value}`);
    if (Object.keys(source.nominal ?? {}).length > 0) lines.push('');
  }
  lines.push('--', `${footer.open} ${linkUrl(options.appUrl, source.link)}`, footer.why, '');
  return { subject: subjectOf(source.text), text: lines.join('\n') };
}
