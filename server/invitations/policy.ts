// The numbers of the invitation rules (DESIGN.md, rules 4-6), in one place.
export const INVITATION_TTL_HOURS = 72;
export const PENDING_INVITATION_LIMIT = 50;
export const RESEND_INTERVAL_SECONDS = 60;
