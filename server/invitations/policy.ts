// The numbers of the invitation rules (DESIGN.md, rules 4-6), in one place.
export { INVITATION_TTL_HOURS } from '@/lib/limits';
export const PENDING_INVITATION_LIMIT = 50;
export const RESEND_INTERVAL_SECONDS = 60;
