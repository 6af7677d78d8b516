import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { CenteredCard } from '@/app/_components/ui';
import { safeReturnPath } from '@/server/safe-path';
import { getActor } from '@/server/auth';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const callbackUrl = safeReturnPath((await searchParams).callbackUrl);
  if (await getActor()) redirect(callbackUrl);
  return (
    <CenteredCard title="Sign in to Members">
      <p className="mb-6 text-sm text-gray-600 dark:text-gray-400">
        Enter your email address and we will send you a link that signs you in. No password needed.
      </p>
      <SignInForm callbackUrl={callbackUrl} />
    </CenteredCard>
  );
}
