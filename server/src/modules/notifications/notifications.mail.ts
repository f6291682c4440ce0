import { and, inArray, isNotNull } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import type { Mailer } from '../mail/mail.service.js';
import { users } from '../users/users.table.js';
import type { ProposalNewsKind } from './notifications.service.js';

/** Where news of a proposal goes besides the in-app list: mail, when a mail server is configured. */
export interface NewsMail {
  mailer: Mailer;
  publicUrl: string;
  onError: (error: unknown) => void;
}

const SUBJECTS: Record<ProposalNewsKind, { ja: (title: string) => string; en: (title: string) => string }> = {
  'proposal.status_changed': {
    ja: (title) => `「${title}」の状況が変わりました`,
    en: (title) => `"${title}" has a new status`,
  },
  'proposal.commented': {
    ja: (title) => `「${title}」に新しいコメントがありました`,
    en: (title) => `New comment on "${title}"`,
  },
  'comment.replied': {
    ja: (title) => `「${title}」に返信がありました`,
    en: (title) => `A reply to your comment on "${title}"`,
  },
};

function bodyFor(japanese: boolean, link: string, details: Record<string, unknown>): string {
  const lines: string[] = [];
  if (typeof details.status === 'string') lines.push(`${japanese ? '状況' : 'Status'}: ${details.status}`);
  if (typeof details.reason === 'string') lines.push(`${japanese ? '理由' : 'Reason'}: ${details.reason}`);
  lines.push(link);
  return lines.join('\n');
}

/**
 * Mails the people just told in-app, in their language, after the change committed and without
 * holding up the request: a proposal may have many followers. Only real mail: never the outbox.
 */
export function mailNews(
  db: Database,
  mail: NewsMail,
  recipients: readonly string[],
  news: { proposalId: string; kind: ProposalNewsKind; title: string; details: Record<string, unknown> },
): void {
  if (mail.mailer.kind !== 'smtp' || recipients.length === 0) return;
  const link = `${mail.publicUrl}/proposals/${news.proposalId}`;
  const send = async () => {
    const people = await db
      .select({ email: users.email, locale: users.locale })
      .from(users)
      .where(and(inArray(users.id, [...recipients]), isNotNull(users.email)));
    for (const person of people) {
      if (person.email === null) continue;
      const japanese = person.locale === 'ja';
      const subject = SUBJECTS[news.kind][japanese ? 'ja' : 'en'](news.title);
      await mail.mailer.send({ to: person.email, subject, body: bodyFor(japanese, link, news.details) });
    }
  };
  send().catch(mail.onError);
}
