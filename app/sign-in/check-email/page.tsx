import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { CenteredCard } from '@/app/_components/ui';
import { getConfig } from '@/server/config';

export const metadata: Metadata = { title: 'Check your email' };

export default async function CheckEmailPage() {
  await connection(); // configuration is read at request time, never at build time
  const { smtpUrl } = getConfig();
  return (
    <CenteredCard title="Check your email">
      <p className="text-sm text-gray-700 dark:text-gray-300">
        We sent you a sign-in link. Open it on this device to continue. It works once and expires in 24 hours.
      </p>
      {smtpUrl ? null : (
        <p className="mt-4 text-sm text-gray-700 dark:text-gray-300">
          Development mode: the email is in the <Link className="font-medium text-brand-600 underline dark:text-indigo-300" href="/dev/mailbox">development mailbox</Link> and
          its link is printed in the server&apos;s terminal.
        </p>
      )}
      <p className="mt-6 text-sm">
        <Link className="font-medium text-brand-600 underline dark:text-indigo-300" href="/sign-in">
          Use a different address
        </Link>
      </p>
    </CenteredCard>
  );
}
