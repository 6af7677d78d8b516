import type { Metadata } from 'next';
import { CenteredCard } from '@/app/_components/ui';
import { actorOrSignIn } from '@/app/_lib/actor-or-sign-in';
import { CreateOrganizationForm } from './create-organization-form';

export const metadata: Metadata = { title: 'Name your organization' };

export default async function OnboardingPage() {
  const actor = await actorOrSignIn('/onboarding');
  return (
    <CenteredCard title="Name your organization">
      <p className="mb-6 text-sm text-gray-600 dark:text-gray-400">
        Signed in as {actor.email}. Your organization is where you invite the people you work with; you will be its Owner.
      </p>
      <CreateOrganizationForm />
    </CenteredCard>
  );
}
