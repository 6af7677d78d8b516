import type { Metadata } from 'next';
import Link from 'next/link';
import { CenteredCard } from '@/app/_components/ui';

// Auth.js redirects here with ?error=<code>; each code gets words a person understands.
const MESSAGES: Record<string, { title: string; body: string }> = {
  Verification: {
    title: 'This sign-in link is no longer valid',
    body: 'Sign-in links work once and expire after 24 hours. Request a new link and use the newest email.',
  },
  AccessDenied: { title: 'Sign-in was refused', body: 'This address is not allowed to sign in.' },
  EmailSignin: { title: 'We could not send the email', body: 'Check the address and try again in a moment.' },
  TooManyEmails: {
    title: 'Too many sign-in emails',
    body: 'Sign-in emails are limited per address, per network and overall each hour. Use the newest link you have, or try again later.',
  },
};
const FALLBACK = { title: 'We could not sign you in', body: 'Something went wrong while signing you in. Please request a new sign-in link.' };

type Props = { searchParams: Promise<{ error?: string | string[] }> };

async function messageFor(searchParams: Props['searchParams']) {
  const { error } = await searchParams;
  // Own keys only: ?error=constructor must not find Object's constructor.
  return typeof error === 'string' && Object.hasOwn(MESSAGES, error) ? MESSAGES[error]! : FALLBACK;
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  return { title: (await messageFor(searchParams)).title };
}

export default async function SignInErrorPage({ searchParams }: Props) {
  const message = await messageFor(searchParams);
  return (
    <CenteredCard title={message.title}>
      <p className="text-sm text-gray-700 dark:text-gray-300">{message.body}</p>
      <p className="mt-6">
        <Link className="font-medium text-brand-600 underline dark:text-indigo-300" href="/sign-in">
          Request a new sign-in link
        </Link>
      </p>
    </CenteredCard>
  );
}
