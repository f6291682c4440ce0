import { desc } from 'drizzle-orm';
import { createTransport, type Transporter } from 'nodemailer';
import type { OutboxMessage } from '@pb/shared';
import type { Database } from '../../db/database.js';
import { mailOutbox } from './mail.table.js';

export interface MailMessage {
  to: string;
  subject: string;
  body: string;
}

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
        await db.insert(mailOutbox).values({ toAddress: message.to, subject: message.subject, body: message.body });
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
