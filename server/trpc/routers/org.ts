import { listAuditEvents } from '@/server/audit/list-audit-events';
import { inviteMember } from '@/server/invitations/invite-member';
import { listInvitations } from '@/server/invitations/list-invitations';
import { resendInvitation } from '@/server/invitations/resend-invitation';
import { withdrawInvitation } from '@/server/invitations/withdraw-invitation';
import { listMembers } from '@/server/members/list-members';
import { removeMember } from '@/server/members/remove-member';
import { createApiToken } from '@/server/tokens/create-api-token';
import { listApiTokens } from '@/server/tokens/list-api-tokens';
import { revokeApiToken } from '@/server/tokens/revoke-api-token';
import {
  auditListInput,
  createTokenInput,
  invitationActionInput,
  invitationListInput,
  inviteMemberInput,
  memberListInput,
  orgOnlyInput,
  removeMemberInput,
  tokenActionInput,
} from '@/server/schemas';
import { protectedProcedure, router } from '../init';

// Thin edges: validate, then call the service that holds the rule.
export const orgRouter = router({
  member: router({
    list: protectedProcedure.input(memberListInput).query(({ ctx, input }) => listMembers(ctx.db, ctx.actor, input)),
    remove: protectedProcedure.input(removeMemberInput).mutation(({ ctx, input }) => removeMember(ctx.db, ctx.actor, input)),
  }),
  invitation: router({
    list: protectedProcedure.input(invitationListInput).query(({ ctx, input }) => listInvitations(ctx.db, ctx.actor, input)),
    create: protectedProcedure.input(inviteMemberInput).mutation(({ ctx, input }) => inviteMember(ctx.db, ctx.actor, input)),
    resend: protectedProcedure.input(invitationActionInput).mutation(({ ctx, input }) => resendInvitation(ctx.db, ctx.actor, input)),
    withdraw: protectedProcedure.input(invitationActionInput).mutation(({ ctx, input }) => withdrawInvitation(ctx.db, ctx.actor, input)),
  }),
  token: router({
    list: protectedProcedure.input(orgOnlyInput).query(({ ctx, input }) => listApiTokens(ctx.db, ctx.actor, input)),
    create: protectedProcedure.input(createTokenInput).mutation(({ ctx, input }) => createApiToken(ctx.db, ctx.actor, input)),
    revoke: protectedProcedure.input(tokenActionInput).mutation(({ ctx, input }) => revokeApiToken(ctx.db, ctx.actor, input)),
  }),
  audit: router({
    list: protectedProcedure.input(auditListInput).query(({ ctx, input }) => listAuditEvents(ctx.db, ctx.actor, input)),
  }),
});
