import 'server-only';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { releaseRenderWhenDone } from '@/app/_lib/release-render';
import { actorOrSignIn } from '@/app/_lib/actor-or-sign-in';
import { db } from '@/db';
import { AppError } from '@/server/errors';
import { requireMembership } from '@/server/orgs/membership';
import { orgIdSchema } from '@/server/schemas';

/**
 * The signed-in member's view of an organization, once per request (layout,
 * page and metadata share it). Anyone who is not a member gets the same 404 as
 * for an organization that does not exist; a signed-out visitor signs in first.
 */
export const loadMembership = cache(async (orgId: string) => {
  // Every organization page comes through here, on client-side navigations too (when
  // the root layout is not rendered again).
  releaseRenderWhenDone();
  const actor = await actorOrSignIn(`/orgs/${encodeURIComponent(orgId)}`);
  // A malformed id in the URL names no organization: the same 404.
  if (!orgIdSchema.safeParse(orgId).success) notFound();
  try {
    return { actor, membership: await requireMembership(db, actor, orgId) };
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') notFound();
    throw error;
  }
});
