/**
 * The e-mail an outside member receives for a new message: the body only when the administration
 * allows message bodies to leave the system (`MESSAGING_EXTERNAL_BODIES`), otherwise a notice
 * naming the conversation and nothing of the message. In English: outside parties have no
 * language setting.
 */
export function externalMessageEmail(message: {
  conversation: string;
  number: number;
  body: string;
  attachments: number;
  bodies: 'allowed' | 'forbidden';
}): { subject: string; text: string } {
  const subject = `OpenCEN: new message in ${message.conversation}`;
  if (message.bodies === 'forbidden') {
    return {
      subject,
      text: `A new message (number ${message.number}) was posted in ${message.conversation}.\n\nIts content is not sent by e-mail; ask your contact in the administration for it.\n`,
    };
  }
  const files =
    message.attachments > 0 ? `\n\n(${message.attachments} attachment(s) not sent by e-mail.)` : '';
  return {
    subject,
    text: `Message ${message.number} in ${message.conversation}:\n\n${message.body}${files}\n`,
  };
}
