// Input schemas, defined once and used by server actions, tRPC procedures and forms.
import { z } from 'zod';
import { AUDIT_ACTIONS } from '@/db/types';
import { INVALID_PAGE_LINK_MESSAGE } from './errors';
import { EMAIL_MAX_LENGTH, SHORT_TEXT_MAX_LENGTH } from '@/lib/limits';

// Characters that must never reach an email header or a stored address.
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
// A lone UTF-16 surrogate is no character at all; PostgreSQL's json refuses it (a 500 in the audit log's metadata).
const wellFormed = (value: string) => value.isWellFormed();
// Pragmatic address shape: one @, no spaces or characters that change how a
// mail header is parsed, and a dot in the domain.
const ASCII_ONLY = /^[\x20-\x7e]*$/;
const EMAIL_SHAPE = /^[^\s@"<>(),;:\\[\]]+@[^\s@"<>(),;:\\[\].]+(\.[^\s@"<>(),;:\\[\].]+)+$/;

/**
 * Text a person typed, put in one form before `rules` check it: NFKC-normalized,
 * trimmed and, with `foldSpaces` (names, descriptions), each run of whitespace
 * made one space. Anything but a string is refused with `missing`.
 */
function typedText(missing: string, rules: z.ZodType<string, string>, { foldSpaces }: { foldSpaces: boolean }) {
  return z
    .string({ error: missing })
    .transform((value) => {
      const text = value.normalize('NFKC').trim();
      return foldSpaces ? text.replace(/\s+/g, ' ') : text;
    })
    .pipe(rules);
}

/**
 * A short line of text a person names something with (an organization, themselves, a
 * token): spaces folded, SHORT_TEXT_MAX_LENGTH characters at most, no control characters.
 */
function shortText(subject: string, messages: { missing: string; empty?: string; tooLong: string }) {
  return typedText(
    messages.missing,
    z
      .string()
      .min(1, messages.empty ?? messages.missing)
      .max(SHORT_TEXT_MAX_LENGTH, messages.tooLong)
      .refine((value) => !CONTROL_CHARS.test(value), `The ${subject} cannot contain control characters.`)
      .refine(wellFormed, `The ${subject} contains a character that is not valid text.`),
    { foldSpaces: true },
  );
}

export const emailSchema = typedText(
  'Enter an email address.',
  z
    .string()
    .min(1, 'Enter an email address.')
    .max(EMAIL_MAX_LENGTH, `That email address is too long (${EMAIL_MAX_LENGTH} characters at most).`)
    .refine((value) => !CONTROL_CHARS.test(value), 'An email address cannot contain line breaks or control characters.')
    .refine((value) => EMAIL_SHAPE.test(value), 'Enter a valid email address, like name@example.com.')
    // Look-alike letters from other scripts (Cyrillic "а" for Latin "a") make an
    // address that reads like another; international domains use their xn-- form.
    .refine((value) => ASCII_ONLY.test(value), 'Use an address with plain Latin letters; for an international domain, use its xn-- form.'),
  { foldSpaces: false },
);

/** Address used as the sign-in identity: validated, then lower-cased. */
export function normalizeEmail(input: unknown): string {
  return emailSchema.parse(input).toLowerCase();
}

export const organizationNameSchema = shortText('name', {
  missing: 'Enter a name for your organization.',
  tooLong: `Organization names are ${SHORT_TEXT_MAX_LENGTH} characters at most.`,
});

export const orgIdSchema = z.uuid({ error: 'That organization id is not valid.' });

export const createOrganizationInput = z.object({ name: organizationNameSchema });
export type CreateOrganizationInput = z.output<typeof createOrganizationInput>;

export const memberListInput = z.object({
  orgId: orgIdSchema,
  // Null or absent: the first page (tRPC's infinite queries send the first page's cursor as null).
  cursor: z.string({ error: INVALID_PAGE_LINK_MESSAGE }).max(200, INVALID_PAGE_LINK_MESSAGE).nullish(),
  // NUL is not text to PostgreSQL (22021, a 500); no control character belongs in a search.
  search: z
    .string()
    .trim()
    .max(EMAIL_MAX_LENGTH, `Search terms are ${EMAIL_MAX_LENGTH} characters at most.`)
    .refine((value) => !CONTROL_CHARS.test(value), 'Search terms cannot contain control characters.')
    .optional(),
});
export type MemberListInput = z.output<typeof memberListInput>;

export const roleSchema = z.enum(['owner'], { error: 'Choose a role: Owner is the only role available.' });

/** What a new person who leaves their name out is told. */
export const NAME_REQUIRED_MESSAGE = 'Enter your name.';

export const personNameSchema = shortText('name', { missing: NAME_REQUIRED_MESSAGE, tooLong: `Names are ${SHORT_TEXT_MAX_LENGTH} characters at most.` });

export const invitationIdSchema = z.uuid({ error: 'That invitation id is not valid.' });
export const userIdSchema = z.uuid({ error: 'That member id is not valid.' });

export const inviteMemberInput = z.object({ orgId: orgIdSchema, email: emailSchema, role: roleSchema });
export type InviteMemberInput = z.output<typeof inviteMemberInput>;
export const invitationActionInput = z.object({ orgId: orgIdSchema, invitationId: invitationIdSchema });
export type InvitationActionInput = z.output<typeof invitationActionInput>;
export const removeMemberInput = z.object({ orgId: orgIdSchema, userId: userIdSchema });
export type RemoveMemberInput = z.output<typeof removeMemberInput>;
export const invitationListInput = memberListInput;
export type InvitationListInput = z.output<typeof invitationListInput>;

export const acceptInvitationInput = z.object({
  // Anything but text is no invitation's secret: the link is unknown, as a forged one is.
  token: z.string().catch(''),
  // Asked of a new person only (the service knows who): absent otherwise.
  name: personNameSchema.optional(),
});
export type AcceptInvitationInput = z.output<typeof acceptInvitationInput>;

export const tokenDescriptionSchema = shortText('description', {
  missing: 'Describe what the token is for.',
  empty: 'Describe what the token is for, e.g. "Deploy script".',
  tooLong: `Descriptions are ${SHORT_TEXT_MAX_LENGTH} characters at most.`,
});

export const tokenIdSchema = z.uuid({ error: 'That token id is not valid.' });
export const createTokenInput = z.object({ orgId: orgIdSchema, description: tokenDescriptionSchema });
export type CreateTokenInput = z.output<typeof createTokenInput>;
export const tokenActionInput = z.object({ orgId: orgIdSchema, tokenId: tokenIdSchema });
export type TokenActionInput = z.output<typeof tokenActionInput>;
export const orgOnlyInput = z.object({ orgId: orgIdSchema });
export type OrgOnlyInput = z.output<typeof orgOnlyInput>;

/** The largest audit event id PostgreSQL's bigint holds. */
export const MAX_AUDIT_ID = 2n ** 63n - 1n;

/** An audit cursor is an event id as the server prints it: positive, no leading zeros, within bigint. */
export function isAuditCursor(value: string): boolean {
  return /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= MAX_AUDIT_ID;
}

export const auditListInput = z.object({
  orgId: orgIdSchema,
  // One refine (not regex + refine): zod runs every check, and BigInt() throws on what the regex refuses.
  cursor: z.string({ error: INVALID_PAGE_LINK_MESSAGE }).refine(isAuditCursor, INVALID_PAGE_LINK_MESSAGE).optional(),
  action: z.enum(AUDIT_ACTIONS, { error: `Filter by one of: ${AUDIT_ACTIONS.join(', ')}.` }).optional(),
});
export type AuditListInput = z.output<typeof auditListInput>;
