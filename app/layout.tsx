import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { FlashToast } from './_components/flash-toast';
import { ToastProvider } from './_components/toaster';
import { releaseRenderWhenDone } from './_lib/release-render';
import './globals.css';

export const metadata: Metadata = {
  // Each page names itself, then its organization where it has one: "Members · Acme", "Sign in".
  title: 'Members',
  description: 'Manage who belongs to your organization.',
  icons: { icon: '/favicon.svg' },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  releaseRenderWhenDone();
  return (
    <html lang="en">
      <body className="min-h-screen">
        <ToastProvider>
          <FlashToast />
          {children}
        </ToastProvider>
      </body>
    </html>
  );
}
