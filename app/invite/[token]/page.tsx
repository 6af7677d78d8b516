import type { Metadata } from 'next';
import Link from 'next/link';
import { cache, type ReactNode } from 'react';
import { Time } from '@/app/_components/time';
import { SubmitButton } from '@/app/_components/submit-button';
import { CenteredCard } from '@/app/_components/ui';
import { db } from '@/db';
import { getActor } from '@/server/auth';
import { ROLE_LABELS } from '@/lib/format';
import { getInvitationLanding, type InvitationDetails, type InvitationLanding } from '@/server/invitations/invitation-landing';
import { AcceptForm } from './accept-form';
import { switchAccountAction } from './actions';
import { INVITATION_TTL_HOURS } from '@/lib/limits';

type Props = { params: Promise<{ token: string }> };

// One lookup per request, shared by the title and the page.
const loadLanding = cache(async (token: string) => getInvitationLanding(db, await getActor(), token));

// The link's secret is in this URL: nothing here is cached, indexed, or sent on as a referrer
// (see the Referrer-Policy header in proxy.ts).
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const landing = await loadLanding((await params).token);
  const title = landing.state === 'valid' ? `You're invited to ${landing.details.organizationName}` : headingOf(landing);
  return { title, robots: { index: false, follow: false } };
}

// Opening this page changes nothing (mail scanners open links); only "Accept invitation" does.
export default async function InvitationPage({ params }: Props) {
  const { token } = await params;
  return <Landing landing={await loadLanding(token)} token={token} />;
}

/** The page's heading in each state (also its title, except for a valid invitation). */
function headingOf(landing: InvitationLanding): string {
  switch (landing.state) {
    case 'valid':
      return `Join ${landing.details.organizationName}`;
    case 'wrong-account':
      return 'This invitation is for another address';
    case 'already-member':
      return `You are already a member of ${landing.details.organizationName}`;
    case 'expired':
      return 'This invitation has expired';
    case 'withdrawn':
      return 'This invitation is no longer valid';
    case 'used':
      return 'This invitation has already been used';
    case 'unknown':
      return 'This invitation link is not valid';
  }
}

function Landing({ landing, token }: { landing: InvitationLanding; token: string }) {
  switch (landing.state) {
    case 'valid':
      return (
        <CenteredCard title={headingOf(landing)}>
          <Summary details={landing.details} />
          <AcceptForm token={token} email={landing.details.email} needsName={landing.needsName} />
        </CenteredCard>
      );
    case 'wrong-account':
      return (
        <CenteredCard title={headingOf(landing)}>
          <p className="text-sm text-gray-700 dark:text-gray-300">
            You are signed in as <strong className="break-all">{landing.signedInEmail}</strong>, but this invitation to{' '}
            <strong>{landing.details.organizationName}</strong> was sent to <strong className="break-all">{landing.details.email}</strong>.
          </p>
          <form action={switchAccountAction} className="mt-6">
            <input type="hidden" name="token" value={token} />
            <SubmitButton className="w-full" pendingLabel="Signing out…">
              Sign out and continue as {landing.details.email}
            </SubmitButton>
          </form>
        </CenteredCard>
      );
    case 'already-member':
      return (
        <CenteredCard title={headingOf(landing)}>
          <p className="text-sm text-gray-700 dark:text-gray-300">There is nothing more to do with this invitation.</p>
          <NextStep href={`/orgs/${landing.details.orgId}/members`}>Go to {landing.details.organizationName}</NextStep>
        </CenteredCard>
      );
    case 'expired':
      return (
        <CenteredCard title={headingOf(landing)}>
          <p className="text-sm text-gray-700 dark:text-gray-300">
            Invitations are valid for {INVITATION_TTL_HOURS} hours. Ask {inviterText(landing.details)} to resend the invitation to {landing.details.organizationName}; the new
            email will carry a fresh link.
          </p>
        </CenteredCard>
      );
    case 'withdrawn':
      return (
        <CenteredCard title={headingOf(landing)}>
          <p className="text-sm text-gray-700 dark:text-gray-300">
            It was withdrawn by {landing.details.organizationName}. If you think this is a mistake, ask {inviterText(landing.details)} to invite you again.
          </p>
        </CenteredCard>
      );
    case 'used':
      return (
        <CenteredCard title={headingOf(landing)}>
          <p className="text-sm text-gray-700 dark:text-gray-300">
            Each invitation link works once. If you accepted it, sign in with {landing.details.email} to reach {landing.details.organizationName}.
          </p>
          <NextStep href="/sign-in">Sign in</NextStep>
        </CenteredCard>
      );
    case 'unknown':
      return (
        <CenteredCard title={headingOf(landing)}>
          <p className="text-sm text-gray-700 dark:text-gray-300">
            Check that you opened the whole link from the email. If it still does not work, ask the person who invited you to resend it.
          </p>
        </CenteredCard>
      );
  }
}

function Summary({ details }: { details: InvitationDetails }) {
  return (
    <dl className="mb-6 space-y-2 text-sm">
      <Row term="Organization">{details.organizationName}</Row>
      <Row term="Invited by">{details.inviter ? inviterText(details) : 'A former member'}</Row>
      <Row term="Role">{ROLE_LABELS[details.role]} (full access, including other members)</Row>
      <Row term="Expires">
        <Time value={details.expiresAt} show="relative" /> (<Time value={details.expiresAt} show="absolute" />)
      </Row>
    </dl>
  );
}

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex gap-2">
      <dt className="w-28 shrink-0 text-gray-600 dark:text-gray-400">{term}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

function NextStep({ href, children }: { href: string; children: ReactNode }) {
  return (
    <p className="mt-6">
      <Link className="font-medium text-brand-600 underline dark:text-indigo-300" href={href}>
        {children}
      </Link>
    </p>
  );
}

function inviterText(details: InvitationDetails): string {
  if (!details.inviter) return 'an Owner of the organization';
  return details.inviter.name ? `${details.inviter.name} (${details.inviter.email})` : details.inviter.email;
}
