import type { Metadata } from 'next';
import Link from 'next/link';
import { CenteredCard } from '@/app/_components/ui';
import { callbackPath, parseSignInLink } from '@/server/auth/sign-in-link';
import { ConfirmForm } from './confirm-form';

// The emailed sign-in link opens this page. Opening it changes nothing (mail scanners
// open links first); its button's POST is what uses the link and signs in.
type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const INCOMPLETE = 'This sign-in link is incomplete';
const linkClass = 'font-medium text-brand-600 underline dark:text-indigo-300';

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const link = parseSignInLink(await searchParams);
  return { title: link ? `Sign in as ${link.email}` : INCOMPLETE };
}

export default async function ConfirmSignInPage({ searchParams }: Props) {
  const link = parseSignInLink(await searchParams);
  if (!link) {
    return (
      <CenteredCard title={INCOMPLETE}>
        <p className="text-sm text-gray-700 dark:text-gray-300">
          Part of the link is missing or changed. Open the link from the email again, or copy all of it; or request a new one.
        </p>
        <p className="mt-6">
          <Link className={linkClass} href="/sign-in">
            Request a new sign-in link
          </Link>
        </p>
      </CenteredCard>
    );
  }
  return (
    <CenteredCard title={`Sign in as ${link.email}`}>
      <p className="mb-6 text-sm text-gray-700 dark:text-gray-300">Press the button to sign in to Members on this device. The link works once.</p>
      <ConfirmForm action={callbackPath(link)} />
      <p className="mt-6 text-sm">
        <Link className={linkClass} href="/sign-in">
          Not you? Use a different address
        </Link>
      </p>
    </CenteredCard>
  );
}
