import { redirect } from 'next/navigation';
import { actorOrSignIn } from '@/app/_lib/actor-or-sign-in';
import { db } from '@/db';
import { listMyOrganizations } from '@/server/orgs/list-my-organizations';

// The front door: sign in, then your first organization, or create one.
export default async function HomePage() {
  const actor = await actorOrSignIn('/');
  const [first] = await listMyOrganizations(db, actor);
  redirect(first ? `/orgs/${first.id}/members` : '/onboarding');
}
