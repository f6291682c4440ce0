import type { MailMessage, Mailer } from '../../server/src/modules/mail/mail.service.js';

export interface MailCatcher extends Mailer {
  readonly sent: MailMessage[];
  /** The reset link's token in the last message to `to`, as the resident would read it. */
  resetTokenFor(to: string): string | undefined;
}

/**
 * Stands where the city's mail server would: catches what a resident would receive. (The outbox,
 * used without SMTP_URL, masks secret links, so staff never see them.)
 */
export function mailCatcher(): MailCatcher {
  const sent: MailMessage[] = [];
  return {
    kind: 'smtp',
    sent,
    async send(message) {
      sent.push(message);
      await Promise.resolve();
    },
    resetTokenFor(to) {
      const last = sent.filter((message) => message.to === to).at(-1);
      return /#token=([A-Za-z0-9_-]+)/.exec(last?.body ?? '')?.[1];
    },
  };
}
