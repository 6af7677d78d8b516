'use client';

import { ErrorCard } from '@/app/_components/error-card';

// Shown for unexpected errors below the root layout; details stay in the server log (the digest links them).
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorCard digest={error instanceof Error ? (error as Error & { digest?: string }).digest : undefined} retry={retry} />;
}
