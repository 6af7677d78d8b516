import { listMembers } from '@/server/members/list-members';
import { memberListInput } from '@/server/schemas';
import { protectedProcedure, router } from '../init';

// Thin edges: validate, then call the service that holds the rule.
export const orgRouter = router({
  member: router({
    list: protectedProcedure.input(memberListInput).query(({ ctx, input }) => listMembers(ctx.db, ctx.actor, input)),
  }),
});
