import type { Metadata } from 'next';
import Link from 'next/link';
import { CenteredCard } from '@/app/_components/ui';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <CenteredCard title="Page not found">
      <p className="text-sm text-gray-700 dark:text-gray-300">
        This page does not exist, or you do not have access to it. If someone sent you this link, ask them to invite you.
      </p>
      <p className="mt-6">
        <Link className="font-medium text-brand-600 underline dark:text-indigo-300" href="/">
          Go to your organizations
        </Link>
      </p>
    </CenteredCard>
  );
}
