// Sliding-window rate limits kept in PostgreSQL (they hold across app instances).
import { sql } from 'kysely';
import type { DB, Tx } from '@/db';
import { getConfig } from './config';
import { addressKey } from './http/client-address';
import { AppError } from './errors';
import { refusals } from './metrics';
import { WithStatement } from './sql/with-statement';

export type RateLimit = {
  bucket: string;
  limit: number;
  windowSeconds: number;
  explain: string;
  /**
   * Every consumer of this bucket holds the organization's lock (lockOrganizationAsMember)
   * while consuming, so they already take turns and the bucket's own advisory lock
   * would be a second, redundant round trip.
   */
  serializedByOrganizationLock?: true;
};

/**
 * The address as its mailbox sees it, for counting only (mail still goes to the address as
 * typed): "+tag" dropped, and for Gmail the dots too, since those providers deliver
 * ada+1@ and a.da@ to ada@; one person's allowance must not multiply with them.
 */
export function mailboxKey(email: string): string {
  const at = email.lastIndexOf('@');
  let local = email.slice(0, at).toLowerCase();
  let domain = email.slice(at + 1).toLowerCase();
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (domain === 'gmail.com' || domain === 'googlemail.com') {
    domain = 'gmail.com';
    local = local.replaceAll('.', '');
  }
  return `${local}@${domain}`;
}

/**
 * The limits a sign-in email counts against, in the order they are taken (always the same
 * order, so concurrent requests never wait for each other's locks in a cycle): the
 * mailbox, the client's address when known, and every sign-in email of the app.
 */
export function signInEmailLimits(email: string, clientIp: string | null): RateLimit[] {
  const config = getConfig();
  const limits: RateLimit[] = [
    {
      bucket: `sign-in:${mailboxKey(email)}`,
      limit: config.signInEmailsPerAddressPerHour,
      windowSeconds: 3600,
      explain: `Too many sign-in emails were requested for this address (${config.signInEmailsPerAddressPerHour} an hour).`,
    },
  ];
  if (clientIp) {
    limits.push({
      bucket: `sign-in-ip:${addressKey(clientIp)}`,
      limit: config.signInEmailsPerIpPerHour,
      windowSeconds: 3600,
      explain: `Too many sign-in emails were requested from your network (${config.signInEmailsPerIpPerHour} an hour).`,
    });
  }
  limits.push({
    bucket: 'sign-in-all',
    limit: config.signInEmailsPerHour,
    windowSeconds: 3600,
    explain: 'We are sending an unusual number of sign-in emails right now, so new requests have to wait.',
  });
  return limits;
}

/** Refuses (TOO_MANY_REQUESTS, saying when) a sign-in email that one of its limits would refuse; records nothing. */
export async function checkSignInEmailLimits(executor: DB, email: string, clientIp: string | null): Promise<void> {
  for (const limit of signInEmailLimits(email, clientIp)) await checkRateLimit(executor, limit);
}

/** Organizations one person may create per day (a new organization comes with a fresh allowance of invitations). */
export function organizationCreationLimit(userId: string): RateLimit {
  const limit = getConfig().organizationsPerPersonPerDay;
  return {
    bucket: `organizations:${userId}`,
    limit,
    windowSeconds: 86_400,
    explain: `You have created ${limit} organizations in the last 24 hours, the most allowed.`,
  };
}

/** Invitation emails (invites and resends) per organization; consumed under the organization's lock only. */
export function invitationEmailLimit(orgId: string): RateLimit {
  const limit = getConfig().invitationEmailsPerHour;
  return {
    bucket: `invitations:${orgId}`,
    limit,
    windowSeconds: 3600,
    explain: `This organization has sent ${limit} invitation emails in the last hour, the most allowed.`,
    serializedByOrganizationLock: true,
  };
}

/** Refuses (TOO_MANY_REQUESTS, saying when to try again) if the window is full; records nothing. */
export async function checkRateLimit(executor: DB | Tx, rule: RateLimit): Promise<void> {
  const { count, oldest } = await executor
    .selectFrom('rate_limit_events')
    .select((eb) => [eb.fn.countAll<string>().as('count'), eb.fn.min('created_at').as('oldest')])
    .where('bucket', '=', rule.bucket)
    .where('created_at', '>', sql<Date>`now() - make_interval(secs => ${rule.windowSeconds})`)
    .executeTakeFirstOrThrow();
  refuseIfFull(rule, { count, oldest: oldest as Date | null });
}

/** Uses in the window before this one, and the oldest of them. */
type RateLimitUse = { count: string; oldest: Date | null };

/** Refuses (TOO_MANY_REQUESTS, saying when to try again) if the window already held `limit` uses. */
function refuseIfFull(rule: RateLimit, use: RateLimitUse): void {
  const { oldest } = use;
  if (Number(use.count) < rule.limit) return;
  refusals.inc({ limit: rule.bucket.split(':')[0]! });
  const freeAt = new Date(new Date(oldest as Date).getTime() + rule.windowSeconds * 1000);
  const minutes = Math.max(1, Math.ceil((freeAt.getTime() - Date.now()) / 60_000));
  const wait = minutes <= 90 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${Math.ceil(minutes / 60)} hours`;
  throw new AppError('TOO_MANY_REQUESTS', `${rule.explain} Try again in ${wait}.`);
}

/**
 * Checks and records one use, inside the caller's transaction: an advisory lock
 * on the bucket (or the organization lock the caller holds, for a bucket marked
 * so) makes concurrent callers take turns, so the limit holds exactly. Then one
 * statement counts the window, records this use if there is room, and forgets
 * the bucket's events older than the window. Given the caller's WithStatement,
 * that statement is the caller's: a full window refuses when it is sent, and the
 * transaction takes its other writes back.
 */
export async function consumeRateLimit(target: Tx | WithStatement, rule: RateLimit): Promise<void> {
  const statement = target instanceof WithStatement ? target : new WithStatement(target);
  if (!rule.serializedByOrganizationLock) await sql`select pg_advisory_xact_lock(hashtext(${rule.bucket}))`.execute(statement.tx);
  const window = sql<Date>`now() - make_interval(secs => ${rule.windowSeconds})`;
  statement.add('rate_recent', sql`select count(*) as count, min(created_at) as oldest from rate_limit_events where bucket = ${rule.bucket} and created_at > ${window}`, {
    columns: ['count', 'oldest'],
    check: (row) => refuseIfFull(rule, row as RateLimitUse),
  });
  statement.add('rate_recorded', sql`insert into rate_limit_events (bucket) select ${rule.bucket} from rate_recent where count < ${rule.limit}`);
  statement.add('rate_forgotten', sql`delete from rate_limit_events where bucket = ${rule.bucket} and created_at < ${window}`);
  if (statement !== target) await statement.send();
}
