import { type Language, type NotificationKind } from '@opencen/contracts';

/**
 * What a text may name: a case by its number (or id when the number is not known), an alert by its
 * id, a date. Never a person: notifications may leave the system by e-mail.
 */
export interface TextParams {
  readonly case?: string;
  readonly alert?: string;
  /** `YYYY-MM-DD`. */
  readonly date?: string;
  /** A conversation's name, as its owner gave it (never a message's body). */
  readonly conversation?: string;
  /** An analytic rule's name, as its owner wrote it. */
  readonly rule?: string;
  /** A record's reference: a case number or a person's, company's or conveyance's id. */
  readonly record?: string;
  /** A webhook subscription's id. */
  readonly webhook?: string;
}

type Templates = Record<NotificationKind, Record<Language, string>>;

/**
 * One short sentence per kind and language; `{case}`, `{alert}`, `{date}`, `{conversation}`,
 * `{rule}` and `{record}` are filled in.
 */
export const TEXTS: Templates = {
  'watchlist-hit': {
    en: 'Watchlist hit: alert {alert} in case {case}',
    fr: 'Alerte de surveillance {alert} : concordance dans le dossier {case}',
    es: 'Coincidencia de vigilancia: alerta {alert} en el caso {case}',
    ru: 'Совпадение по ориентировке {alert} в деле {case}',
    ar: 'تطابق مع قائمة المراقبة: التنبيه {alert} في القضية {case}',
    pt: 'Correspondência de vigilância: alerta {alert} no processo {case}',
  },
  'case-assigned': {
    en: 'Case {case} was assigned to you',
    fr: 'Le dossier {case} vous a été attribué',
    es: 'Se le ha asignado el caso {case}',
    ru: 'Вам назначено дело {case}',
    ar: 'أُسندت إليك القضية {case}',
    pt: 'O processo {case} foi-lhe atribuído',
  },
  'case-rejected': {
    en: 'Case {case} was sent back to draft',
    fr: 'Le dossier {case} a été renvoyé en brouillon',
    es: 'El caso {case} fue devuelto a borrador',
    ru: 'Дело {case} возвращено в черновик',
    ar: 'أُعيدت القضية {case} إلى المسودة',
    pt: 'O processo {case} foi devolvido a rascunho',
  },
  'case-submitted': {
    en: 'Case {case} awaits validation',
    fr: 'Le dossier {case} attend une validation',
    es: 'El caso {case} espera validación',
    ru: 'Дело {case} ожидает утверждения',
    ar: 'القضية {case} بانتظار المصادقة',
    pt: 'O processo {case} aguarda validação',
  },
  'task-due': {
    en: 'A task of case {case} is due on {date}',
    fr: 'Une tâche du dossier {case} est due le {date}',
    es: 'Una tarea del caso {case} vence el {date}',
    ru: 'Срок задачи по делу {case}: {date}',
    ar: 'موعد مهمة في القضية {case}: {date}',
    pt: 'Uma tarefa do processo {case} termina em {date}',
  },
  'task-overdue': {
    en: 'A task of case {case} is overdue (due {date})',
    fr: 'Une tâche du dossier {case} est en retard (échéance {date})',
    es: 'Una tarea del caso {case} está vencida (vencía el {date})',
    ru: 'Задача по делу {case} просрочена (срок {date})',
    ar: 'مهمة في القضية {case} متأخرة (الموعد {date})',
    pt: 'Uma tarefa do processo {case} está atrasada (prazo {date})',
  },
  'account-inactivity': {
    en: 'Your account will be locked on {date} unless you sign in',
    fr: 'Votre compte sera verrouillé le {date} si vous ne vous connectez pas',
    es: 'Su cuenta se bloqueará el {date} si no inicia sesión',
    ru: 'Ваша учётная запись будет заблокирована {date}, если вы не войдёте',
    ar: 'سيُقفل حسابك في {date} ما لم تسجّل الدخول',
    pt: 'A sua conta será bloqueada em {date} se não iniciar sessão',
  },
  'message-posted': {
    en: 'New message in {conversation}',
    fr: 'Nouveau message dans {conversation}',
    es: 'Nuevo mensaje en {conversation}',
    ru: 'Новое сообщение в «{conversation}»',
    ar: 'رسالة جديدة في {conversation}',
    pt: 'Nova mensagem em {conversation}',
  },
  'rule-match': {
    en: 'Your rule “{rule}” found {record}',
    fr: 'Votre règle « {rule} » a trouvé {record}',
    es: 'Su regla «{rule}» encontró {record}',
    ru: 'Ваше правило «{rule}» нашло {record}',
    ar: 'وجدت قاعدتك «{rule}» السجل {record}',
    pt: 'A sua regra «{rule}» encontrou {record}',
  },
  'webhook-disabled': {
    en: 'Webhook {webhook} was disabled after repeated failed deliveries',
    fr: 'Le webhook {webhook} a été désactivé après des échecs de livraison répétés',
    es: 'El webhook {webhook} se desactivó tras varias entregas fallidas',
    ru: 'Вебхук {webhook} отключён после повторных неудачных доставок',
    ar: 'عُطّل الويب هوك {webhook} بعد تكرار فشل التسليم',
    pt: 'O webhook {webhook} foi desativado após falhas de entrega repetidas',
  },
};

/** The text of a notification of `kind` in `language`, with its parameters filled in. */
export function notificationText(
  kind: NotificationKind,
  language: Language,
  params: TextParams,
): string {
  return TEXTS[kind][language].replace(
    /\{(case|alert|date|conversation|rule|record|webhook)\}/g,
    (_match, name: string) => {
      const value = params[name as keyof TextParams];
      if (value === undefined) throw new Error(`The ${kind} text needs {${name}}`);
      return value;
    },
  );
}
