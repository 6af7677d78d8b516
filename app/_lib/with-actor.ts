import 'server-only';
import type { Actor } from '@/server/actor';
import { getActor } from '@/server/auth';
import { withFairShare } from '@/server/fair-share';

/**
 * A server action's service call as the signed-in person, within their (and the
 * organization's) share of the database pool, as API calls are: a script posting the
 * form's action must not get more than one posting to the API.
 */
export async function withActor<T>(orgId: string, work: (actor: Actor | null) => Promise<T>): Promise<T> {
  const actor = await getActor();
  return withFairShare(actor, orgId, () => work(actor));
}
