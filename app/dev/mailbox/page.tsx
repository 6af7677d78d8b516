import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { Time } from '@/app/_components/time';
import { listDevEmails } from '@/server/mail/dev-mailbox';
import { orNotFound } from './guard';

export const metadata: Metadata = { title: 'Development mailbox' };

export default async function DevMailboxPage() {
  await connection();
  const emails = await orNotFound(listDevEmails);
  return (
    <main className="mx-auto max-w-3xl p-6">
      <h1 className="text-2xl font-semibold">Development mailbox</h1>
      <p className="mt-2 text-sm text-gray-600 dark:text-gray-400">
        SMTP_URL is not set, so emails are kept here instead of being sent. This page does not exist in production.
      </p>
      {emails.length === 0 ? (
        <p className="mt-6 text-sm">No emails yet. Request a sign-in link and it will appear here.</p>
      ) : (
        <ul className="mt-6 divide-y divide-gray-200 rounded-lg border border-gray-200 bg-white dark:divide-gray-800 dark:border-gray-800 dark:bg-gray-900">
          {emails.map((email) => (
            <li key={email.id}>
              <Link href={`/dev/mailbox/${email.id}`} className="block px-4 py-3 hover:bg-gray-50 dark:hover:bg-gray-800">
                <span className="block font-medium">{email.subject}</span>
                <span className="block text-sm text-gray-600 dark:text-gray-400">
                  To {email.to_address} · <Time value={email.created_at} show="absolute" />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
