// Delivers an email over SMTP, or keeps it in the development mailbox when
// SMTP_URL is unset (never in production: config refuses to start without it).
import nodemailer, { type Transporter } from 'nodemailer';
import { getConfig } from '@/server/config';
import { db } from '@/db';
import { log } from '@/server/log';
import { emails } from '@/server/metrics';
import type { RenderedEmail } from './templates';

export type OutgoingEmail = RenderedEmail & { to: string };

const HEADER_UNSAFE = /[\r\n\u0000]/;

const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    // A pool of connections reused across messages (unless SMTP_URL says pool=false):
    // reusing connections is much faster than opening one per email (decision 028).
    const url = new URL(smtpUrl);
    if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
    transport = nodemailer.createTransport(url.toString(), { disableFileAccess: true, disableUrlAccess: true });
    transports.set(smtpUrl, transport);
  }
  return transport;
}

export async function sendEmail(message: OutgoingEmail): Promise<void> {
  // Defence in depth: inputs are validated before this point, but a line
  // break in a header would let a caller add headers or recipients.
  if (HEADER_UNSAFE.test(message.to) || HEADER_UNSAFE.test(message.subject)) {
    throw new Error('Refusing to send an email whose recipient or subject contains a line break');
  }
  const config = getConfig();
  if (config.smtpUrl) {
    const info = await transportFor(config.smtpUrl)
      .sendMail({ from: config.mailFrom, ...message })
      .catch((error: unknown) => {
        emails.inc({ outcome: 'failed' });
        throw error;
      });
    emails.inc({ outcome: 'sent' });
    log.info('email sent', { to: message.to, subject: message.subject, messageId: info.messageId });
    return;
  }
  if (config.production) throw new Error('SMTP_URL is not set; production never uses the development mailbox');
  const row = await db
    .insertInto('dev_emails')
    .values({ to_address: message.to, subject: message.subject, html: message.html, text: message.text })
    .returning('id')
    .executeTakeFirstOrThrow();
  const links = [...new Set(message.text.match(/https?:\/\/[^\s<>\]]+/g) ?? [])];
  log.info('email kept in the development mailbox', {
    to: message.to,
    subject: message.subject,
    mailbox: `${config.appUrl}/dev/mailbox/${row.id}`,
    links,
  });
  // A plain line as well, easy to spot (and click) in a development terminal.
  console.log(`\n  Email to ${message.to}: "${message.subject}"\n  ${links.join('\n  ')}\n`);
}
