// The one source of truth for the database's shape. Migrations in db/migrations
// create exactly these tables; queries are typed against this.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

// Auth.js tables (names and columns as @auth/kysely-adapter expects them).
export type UserTable = {
  id: string;
  name: string | null;
  email: string; // citext: unique regardless of case
  emailVerified: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  image: string | null;
};

export type AccountTable = {
  id: Generated<string>;
  userId: string;
  type: string;
  provider: string;
  providerAccountId: string;
  refresh_token: string | null;
  access_token: string | null;
  expires_at: number | null;
  token_type: string | null;
  scope: string | null;
  id_token: string | null;
  session_state: string | null;
};

export type SessionTable = {
  id: Generated<string>;
  sessionToken: string;
  userId: string;
  expires: Timestamp;
};

export type VerificationTokenTable = {
  identifier: string;
  token: string;
  expires: Timestamp;
};

export type Role = 'owner';

export type OrganizationTable = {
  id: Generated<string>;
  name: string;
  created_at: Generated<Date>;
};

export type MembershipTable = {
  id: Generated<string>;
  organization_id: string;
  user_id: string;
  role: Role;
  created_at: Generated<Date>;
};

export const AUDIT_ACTIONS = [
  'org.created',
  'member.invited',
  'invitation.resent',
  'invitation.withdrawn',
  'invitation.accepted',
  'member.removed',
  'token.created',
  'token.revoked',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];


export type ApiTokenTable = {
  id: Generated<string>;
  membership_id: string;
  organization_id: string;
  user_id: string;
  description: string;
  token_prefix: string;
  token_hash: string;
  created_at: Generated<Date>;
  last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
};

export type InvitationTable = {
  id: Generated<string>;
  organization_id: string;
  email: string; // citext
  role: Role;
  token_hash: string;
  invited_by: string | null;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  last_sent_at: ColumnType<Date, Date | string | undefined, Date | string>;
  send_count: ColumnType<number, number | undefined, number>;
  accepted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  accepted_by: string | null;
  withdrawn_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  withdrawn_by: string | null;
  email_status: ColumnType<EmailStatus, EmailStatus | undefined, EmailStatus>;
  email_sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  email_error: string | null;
};

export type EmailStatus = 'sending' | 'sent' | 'failed';

export type AuditEventTable = {
  id: Generated<string>; // bigint identity, returned by pg as a string
  organization_id: string;
  actor_user_id: string | null;
  actor_token_id: string | null;
  action: AuditAction;
  target_type: string | null;
  target_id: string | null;
  metadata: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Generated<Date>;
};

// Development mailbox: messages kept instead of sent when SMTP_URL is unset.
export type DevEmailTable = {
  id: Generated<string>;
  to_address: string;
  subject: string;
  html: string;
  text: string;
  created_at: Generated<Date>;
};

export type RateLimitEventTable = {
  id: Generated<string>;
  bucket: string;
  created_at: Generated<Date>;
};

export type Database = {
  User: UserTable;
  Account: AccountTable;
  Session: SessionTable;
  VerificationToken: VerificationTokenTable;
  organizations: OrganizationTable;
  memberships: MembershipTable;
  invitations: InvitationTable;
  api_tokens: ApiTokenTable;
  audit_events: AuditEventTable;
  dev_emails: DevEmailTable;
  rate_limit_events: RateLimitEventTable;
};

export type User = Selectable<UserTable>;
export type NewAuditEvent = Insertable<AuditEventTable>;
