import type { Metadata } from 'next';
import Link from 'next/link';
import { getDevEmail } from '@/server/mail/dev-mailbox';
import { orNotFound } from '../guard';

export const metadata: Metadata = { title: 'Development mailbox' };

export default async function DevEmailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const email = await orNotFound(() => getDevEmail(id));
  const links = [...new Set(email.text.match(/https?:\/\/[^\s<>\]]+/g) ?? [])];
  return (
    <main className="mx-auto max-w-3xl space-y-6 p-6">
      <p>
        <Link href="/dev/mailbox" className="text-sm text-brand-600 underline dark:text-indigo-300">
          ← All messages
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">{email.subject}</h1>
      <p className="text-sm text-gray-600 dark:text-gray-400">To {email.to_address}</p>
      <section aria-labelledby="links-heading">
        <h2 id="links-heading" className="text-lg font-semibold">Links in this message</h2>
        <ul className="mt-2 list-disc pl-6 text-sm">
          {links.map((link) => (
            <li key={link}>
              <a href={link} className="break-all text-brand-600 underline dark:text-indigo-300">
                {link}
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="html-heading">
        <h2 id="html-heading" className="text-lg font-semibold">As HTML</h2>
        {/* Sandboxed: the message's markup cannot run script or touch this page. */}
        <iframe title="HTML part of the message" sandbox="" srcDoc={email.html} className="mt-2 h-[28rem] w-full rounded border border-gray-200 bg-white" />
      </section>
      <section aria-labelledby="text-heading">
        <h2 id="text-heading" className="text-lg font-semibold">As plain text</h2>
        <pre className="mt-2 whitespace-pre-wrap rounded border border-gray-200 bg-white p-4 text-sm dark:border-gray-800 dark:bg-gray-900">{email.text}</pre>
      </section>
    </main>
  );
}
