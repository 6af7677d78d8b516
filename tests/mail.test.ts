import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db';
import { getDevEmail, listDevEmails } from '@/server/mail/dev-mailbox';
import { formatAbsoluteUtc } from '@/lib/format';
import { sendEmail } from '@/server/mail/send-email';
import { renderInvitationEmail, renderSignInEmail } from '@/server/mail/templates';
import { countRows } from '@/test-support/database/row-counts';
import { linksIn, startSmtpServer, type TestSmtpServer } from '@/test-support/mail/smtp-server';

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

/** What a plain-text part must not contain: markup, HTML entities, html-to-text's image and link brackets. */
function expectPlainText(text: string) {
  expect(text).not.toMatch(/<\/?[a-z][^>]*>/i);
  expect(text).not.toMatch(/&(?:[a-z]+|#\d+|#x[0-9a-f]+);/i);
  expect(text).not.toMatch(/\[image\]|\[https?:/i);
}

describe('sign-in email', () => {
  it('has an HTML and a plain-text part, both carrying the link and its expiry', async () => {
    const email = await renderSignInEmail({ url: link, host: 'members.example.com', validForHours: 24 });
    expect(email.subject).toBe('Your sign-in link for Members');
    expect(email.html).toContain(`href="${link.replaceAll('&', '&amp;')}"`);
    expect(email.html).toContain('members.example.com');
    expect(email.html).toContain('expires in 24 hours');
    expect(linksIn(email.text)).toContain(link);
    expect(email.text).toContain('expires in 24 hours');
  });

  it('reads naturally as plain text: no shouting, the link once and on its own line, no markup', async () => {
    const { text } = await renderSignInEmail({ url: link, host: 'members.example.com', validForHours: 24 });
    expectPlainText(text);
    expect(text).toBe(
      [
        'Sign in to Members',
        '',
        'Here is your link to sign in to members.example.com. It works once and expires in 24 hours.',
        '',
        'Sign in:',
        link,
        '',
        '------------------------',
        '',
        'If you did not ask to sign in, you can ignore this email: nobody can sign in without this link.',
      ].join('\n'),
    );
  });
});

describe('invitation email', () => {
  const props = {
    organizationName: 'Research & Development',
    inviterName: 'Ada Lovelace',
    inviterEmail: 'ada@example.com',
    roleLabel: 'Owner',
    expiresAt: formatAbsoluteUtc(new Date('2026-12-01T14:05:00Z')),
    validForHours: 72,
    url: 'https://members.example.com/invite/abcDEF123_-xyz',
  };

  it('carries the link, the organization and the expiry in both parts', async () => {
    const email = await renderInvitationEmail(props);
    expect(email.subject).toBe("You're invited to join Research & Development on Members");
    expect(email.html).toContain(`href="${props.url}"`);
    expect(email.html).toContain('Research &amp; Development');
    expect(email.html).toContain('expires in 72 hours, on Tuesday, December 1, 2026 at 14:05 UTC');
    expect(linksIn(email.text)).toEqual([props.url]);
    expect(email.text).toContain('Research & Development');
    expect(email.text).toContain('expires in 72 hours, on Tuesday, December 1, 2026 at 14:05 UTC');
  });

  it('reads naturally as plain text: no shouting, the link once and on its own line, no markup', async () => {
    const { text } = await renderInvitationEmail(props);
    expectPlainText(text);
    expect(text).toBe(
      [
        'Join Research & Development',
        '',
        'Ada Lovelace (ada@example.com) invited you to join Research & Development as an Owner. Owners can manage everything in the organization, including its members.',
        '',
        'View invitation:',
        props.url,
        '',
        'This invitation expires in 72 hours, on Tuesday, December 1, 2026 at 14:05 UTC.',
        '',
        '------------------------',
        '',
        'If you did not expect this invitation, you can ignore this email: nothing happens unless you accept it.',
      ].join('\n'),
    );
  });

  it('still reads when the inviter has no name, and keeps markup in names as plain text', async () => {
    const email = await renderInvitationEmail({ ...props, organizationName: 'Acme <b>Labs</b>', inviterName: null });
    expect(email.html).not.toContain('<b>Labs</b>');
    expect(email.text).toContain('ada@example.com invited you to join Acme <b>Labs</b> as an Owner.');
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
