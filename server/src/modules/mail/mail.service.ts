import { desc } from 'drizzle-orm';
import { createTransport, type Transporter } from 'nodemailer';
import type { OutboxMessage } from '@pb/shared';
import type { Database } from '../../db/database.js';
import { mailOutbox } from './mail.table.js';

export interface MailMessage {
  to: string;
  subject: string;
  body: string;
  /** A part of the body only the addressee may see (a reset link): the outbox keeps it masked. */
  secret?: string;
}

/**
 * What staff see in place of a secret link in the outbox. They could otherwise open a resident's
 * reset link, take over the account and vote as them; a resident who cannot receive mail is
 * helped by the counter reset instead, which checks identity and is audited.
 */
export const OUTBOX_SECRET_MASK =
  '[リンクは表示されません（メールサーバー未設定）。窓口でのパスワード再設定をご案内ください。 / Link withheld: no mail server is configured; offer the resident a password reset at the counter.]';

export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  send(message: MailMessage): Promise<void>;
}

/** SMTP when SMTP_URL is set; otherwise the outbox table, which staff read and pass on. */
export function createMailer(db: Database, smtpUrl: string | undefined, from: string): Mailer {
  if (smtpUrl === undefined) {
    return {
      kind: 'outbox',
      async send(message) {
        const body =
          message.secret === undefined ? message.body : message.body.replaceAll(message.secret, OUTBOX_SECRET_MASK);
        await db.insert(mailOutbox).values({ toAddress: message.to, subject: message.subject, body });
      },
    };
  }
  const transport: Transporter = createTransport(smtpUrl);
  return {
    kind: 'smtp',
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.body });
    },
  };
}

export async function listOutbox(db: Database, limit = 100): Promise<OutboxMessage[]> {
  const rows = await db.select().from(mailOutbox).orderBy(desc(mailOutbox.createdAt)).limit(limit);
  return rows.map((row) => ({
    id: row.id,
    to: row.toAddress,
    subject: row.subject,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
  }));
}
