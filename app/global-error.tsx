'use client';

import { ErrorCard } from '@/app/_components/error-card';
import './globals.css';

// Replaces the root layout when the layout itself fails, so it brings its own <html> and <body>.
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <ErrorCard digest={error instanceof Error ? (error as Error & { digest?: string }).digest : undefined} retry={retry} />
      </body>
    </html>
  );
}
