'use server';

import { redirect } from 'next/navigation';
import { flash } from '@/app/_lib/flash';
import type { FormState } from '@/app/_lib/form-state';
import { formString, runAction } from '@/app/_lib/run-action';
import { db } from '@/db';
import { getActor, signOut } from '@/server/auth';
import { setSessionCookie } from '@/server/auth/session-cookie';
import { acceptInvitation } from '@/server/invitations/accept-invitation';
import { acceptInvitationInput } from '@/server/schemas';
import { parseInput } from '@/server/validate';

// Inputs travel as form fields, not bound arguments: with bound arguments a
// no-JavaScript (MPA) submission of Next 16.4 never got its response.
export async function acceptInvitationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  let orgId = '';
  const state = await runAction('acceptInvitation', { name: formString(formData, 'name', 200) }, async () => {
    const input = parseInput(acceptInvitationInput, { token: formData.get('token'), name: formData.get('name') ?? undefined });
    const result = await acceptInvitation(db, await getActor(), input);
    if (result.session) await setSessionCookie(result.session);
    orgId = result.orgId;
    await flash(`You joined ${result.organizationName}`);
  });
  if (orgId) redirect(`/orgs/${orgId}/members`);
  return state;
}

/** Signed in as someone else: sign out, then come back to the same invitation. */
export async function switchAccountAction(formData: FormData): Promise<void> {
  const token = formString(formData, 'token', 100);
  await signOut({ redirectTo: `/invite/${encodeURIComponent(token)}` });
}
