import 'server-only';
import { redirect } from 'next/navigation';
import type { Actor } from '@/server/actor';
import { getActor } from '@/server/auth';
import { safeReturnPath } from '@/server/safe-path';

/** The signed-in person, or a redirect to sign in (and back to `returnTo`). */
export async function actorOrSignIn(returnTo: string): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(safeReturnPath(returnTo))}`);
  return actor;
}
