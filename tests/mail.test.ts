import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db';
import { getDevEmail, listDevEmails } from '@/server/mail/dev-mailbox';
import { sendEmail } from '@/server/mail/send-email';
import { renderSignInEmail } from '@/server/mail/templates';
import { countRows } from './support/factories';
import { linksIn, startSmtpServer, type TestSmtpServer } from './support/smtp';

let smtp: TestSmtpServer;
// Next's types mark NODE_ENV read-only; tests switch it on purpose (and restore it).
const env = process.env as Record<string, string | undefined>;
const savedEnv = { ...env };

beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(() => smtp.close());
afterEach(() => {
  for (const key of Object.keys(env)) if (!(key in savedEnv)) delete env[key];
  Object.assign(env, savedEnv);
  vi.restoreAllMocks();
});

const link = 'https://members.example.com/api/auth/callback/nodemailer?token=abc&email=ada%40example.com';

describe('sign-in email', () => {
  it('has an HTML and a plain-text part, both carrying the link', async () => {
    const email = await renderSignInEmail({ url: link, host: 'members.example.com', validForHours: 24 });
    expect(email.subject).toBe('Your sign-in link for Members');
    expect(email.html).toContain(`href="${link.replaceAll('&', '&amp;')}"`);
    expect(email.html).toContain('members.example.com');
    expect(linksIn(email.text)).toContain(link);
    expect(email.text).toContain('expires in 24 hours');
  });
});

describe('sendEmail over SMTP', () => {
  it('delivers a message that a real SMTP server receives with both parts', async () => {
    env.SMTP_URL = smtp.url;
    env.MAIL_FROM = 'Members <no-reply@members.example.com>';
    const rendered = await renderSignInEmail({ url: link, host: 'members.example.com', validForHours: 24 });
    await sendEmail({ to: 'ada@example.com', ...rendered });

    const received = await smtp.waitForEmail((m) => m.envelopeTo.includes('ada@example.com'));
    expect(received.subject).toBe('Your sign-in link for Members');
    expect(received.from?.value).toEqual([{ name: 'Members', address: 'no-reply@members.example.com' }]);
    expect(linksIn(received.text)).toContain(link);
    expect(received.html).toContain('Sign in to Members');
    expect(await countRows('dev_emails')).toBe(0);
  });

  it('refuses a recipient or subject with a line break before talking to the server', async () => {
    env.SMTP_URL = smtp.url;
    const before = smtp.messages.length;
    await expect(sendEmail({ to: 'a@example.com\r\nBcc: victim@example.com', subject: 'Hi', html: '<p>x</p>', text: 'x' })).rejects.toThrow(/line break/);
    await expect(sendEmail({ to: 'a@example.com', subject: 'Hi\nBcc: victim@example.com', html: '<p>x</p>', text: 'x' })).rejects.toThrow(/line break/);
    expect(smtp.messages.length).toBe(before);
  });
});

describe('development mailbox', () => {
  it('keeps the message and prints its links when SMTP_URL is unset', async () => {
    delete env.SMTP_URL;
    env.NODE_ENV = 'development';
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(String(line)));
    await sendEmail({ to: 'ada@example.com', subject: 'Hello', html: '<p>Hi</p>', text: `Open ${link} now` });

    const [listed] = await listDevEmails();
    expect(listed).toMatchObject({ to_address: 'ada@example.com', subject: 'Hello' });
    expect((await getDevEmail(listed!.id)).text).toContain(link);
    expect(printed.join('\n')).toContain(link);
  });

  it('cannot be reached in production', async () => {
    env.NODE_ENV = 'production';
    Object.assign(env, { SMTP_URL: smtp.url, APP_URL: 'https://members.example.com', AUTH_SECRET: 'x'.repeat(32) });
    await db.insertInto('dev_emails').values({ to_address: 'a@example.com', subject: 's', html: 'h', text: 't' }).execute();
    await expect(listDevEmails()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getDevEmail('1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
