import { type Language, type NotificationKind, type NotificationLink } from '@opencen/contracts';

import { type EmailMessage, type NominalDataPolicy, linkUrl } from './email-message';

/** One notification as a digest lists it: its non-nominal fields only. */
export interface DigestItem {
  readonly id: string;
  readonly kind: NotificationKind;
  readonly text: string;
  readonly link: NotificationLink;
  /** Where it stands in its recipient's inbox: the digest lists them in this order. */
  readonly position: string;
}

const HEADINGS: Record<Language, { subject: (day: string, count: number) => string; why: string }> =
  {
    en: {
      subject: (day, count) => `OpenCEN: your notifications of ${day} (${count})`,
      why: 'You receive this daily digest because of your notification preferences in OpenCEN.',
    },
    fr: {
      subject: (day, count) => `OpenCEN : vos notifications du ${day} (${count})`,
      why: 'Vous recevez ce récapitulatif quotidien en raison de vos préférences de notification dans OpenCEN.',
    },
    es: {
      subject: (day, count) => `OpenCEN: sus notificaciones del ${day} (${count})`,
      why: 'Recibe este resumen diario por sus preferencias de notificación en OpenCEN.',
    },
    pt: {
      subject: (day, count) => `OpenCEN: as suas notificações de ${day} (${count})`,
      why: 'Recebe este resumo diário devido às suas preferências de notificação no OpenCEN.',
    },
    ru: {
      subject: (day, count) => `OpenCEN: ваши уведомления за ${day} (${count})`,
      why: 'Вы получили эту ежедневную сводку в соответствии с вашими настройками уведомлений в OpenCEN.',
    },
    ar: {
      subject: (day, count) => `OpenCEN: إشعاراتك ليوم ${day} (${count})`,
      why: 'تتلقى هذا الملخص اليومي بسبب تفضيلات الإشعارات الخاصة بك في OpenCEN.',
    },
  };

/**
 * The daily digest of one user and day (`YYYY-MM-DD`, UTC), in their language: each notification's
 * text and link, in inbox order, then the footer. Built from the items' non-nominal fields only:
 * a digest has no nominal field to add, whatever the policy.
 */
export function digestEmail(
  day: string,
  language: Language,
  items: readonly DigestItem[],
  options: { appUrl: string; policy: NominalDataPolicy },
): EmailMessage {
  const heading = HEADINGS[language];
  const sorted = [...items].sort((a, b) => (a.position < b.position ? -1 : 1));
  const lines: string[] = [];
  for (const item of sorted)
    lines.push(`- ${item.text}`, `  ${linkUrl(options.appUrl, item.link)}`);
  lines.push('', '--', heading.why, '');
  return { subject: heading.subject(day, sorted.length), text: lines.join('\n') };
}

/** The UTC day of an instant, `YYYY-MM-DD`. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The UTC day before `day`. */
export function dayBefore(day: string): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00.000Z`) - 86_400_000));
}
