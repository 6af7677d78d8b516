// Numbers the server enforces and the browser needs too (batch size, input lengths, an invitation's lifetime).

/** Calls one HTTP request may batch: a page needs a few; more would let one request hold many connections. */
export const MAX_BATCH_CALLS = 10;

/** An email address (RFC 5321's path limit), and a search term, which may be one. */
export const EMAIL_MAX_LENGTH = 254;
/** A name or a description a person types (organization, person, API token). */
export const SHORT_TEXT_MAX_LENGTH = 100;
/** How long an invitation link stays valid, in hours (DESIGN.md, rule 4). */
export const INVITATION_TTL_HOURS = 72;
