'use server';

// Server actions of the Members page: thin edges over the services in server/.
import { redirect } from 'next/navigation';
import { flash } from '@/app/_lib/flash';
import type { FormState } from '@/app/_lib/form-state';
import { formString, runAction } from '@/app/_lib/run-action';
import { withActor } from '@/app/_lib/with-actor';
import { db } from '@/db';
import { inviteMember } from '@/server/invitations/invite-member';
import { resendInvitation } from '@/server/invitations/resend-invitation';
import { withdrawInvitation } from '@/server/invitations/withdraw-invitation';
import { removeMember } from '@/server/members/remove-member';
import { requireMembership } from '@/server/orgs/membership';
import { invitationActionInput, inviteMemberInput, removeMemberInput } from '@/server/schemas';
import { parseInput } from '@/server/validate';

// orgId travels as a form field, not a bound argument: with bound arguments a
// no-JavaScript (MPA) submission of Next 16.4 never got its response.
export async function inviteAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = { email: formString(formData, 'email', 320) };
  return runAction('invite', values, async () => {
    const input = parseInput(inviteMemberInput, { orgId: formData.get('orgId'), email: formData.get('email'), role: formData.get('role') });
    const result = await withActor(input.orgId, (actor) => inviteMember(db, actor, input));
    return `Invitation sent to ${result.email}`;
  });
}

export async function resendAction(orgId: string, invitationId: string): Promise<FormState> {
  return runAction('resend', {}, async () => {
    const input = parseInput(invitationActionInput, { orgId, invitationId });
    const result = await withActor(input.orgId, (actor) => resendInvitation(db, actor, input));
    return `Invitation re-sent to ${result.email}`;
  });
}

export async function withdrawAction(orgId: string, invitationId: string): Promise<FormState> {
  return runAction('withdraw', {}, async () => {
    const input = parseInput(invitationActionInput, { orgId, invitationId });
    const result = await withActor(input.orgId, (actor) => withdrawInvitation(db, actor, input));
    return `Invitation to ${result.email} withdrawn`;
  });
}

export async function removeAction(orgId: string, userId: string): Promise<FormState> {
  let removedSelf = false;
  const state = await runAction('remove', {}, async () => {
    const input = parseInput(removeMemberInput, { orgId, userId });
    const { leaving, result } = await withActor(input.orgId, async (actor) => ({
      // Leaving: the organization's name is read first, for the toast on the page we land on.
      leaving: actor?.userId === input.userId ? await requireMembership(db, actor, input.orgId) : null,
      result: await removeMember(db, actor, input),
    }));
    removedSelf = result.removedSelf;
    if (removedSelf && leaving) await flash(`You left ${leaving.orgName}`);
    return `${result.email} removed`;
  });
  // Having left the organization, its pages are no longer yours.
  if (removedSelf) redirect('/');
  return state;
}
