// How much of this process's database pool one person, and one organization, may
// hold at once. A request over its share waits in line briefly, then is refused
// with TOO_MANY_REQUESTS; it never takes a connection meant for someone else.
// (In memory on purpose: each instance has its own pool, and bounds its own.)
import { createHash } from 'node:crypto';
import type { Actor } from '@/server/actor';
import { getConfig } from '@/server/config';
import { AppError } from '@/server/errors';
import { addressKey } from '@/server/http/client-address';
import { refusals } from '@/server/metrics';

/** Requests that may wait for one share at once; the rest are refused straight away. */
const MAX_WAITING = 64;

type Line = { running: number; waiting: Array<() => void> };

const lines = new Map<string, Line>();

/** Requests in flight and waiting, per share key. */
export function fairShareInUse(key: string): { running: number; waiting: number } {
  const line = lines.get(key);
  return { running: line?.running ?? 0, waiting: line?.waiting.length ?? 0 };
}

/**
 * Runs `work` holding one slot of the actor's person share and, when the actor is
 * known to belong to `orgId`, one of the organization's share (a stranger naming an
 * organization must not use up its members' share). Slots are taken person first,
 * so nobody holds an organization slot while waiting for a personal one.
 */
export async function withFairShare<T>(actor: Actor | null, orgId: string | undefined, work: () => Promise<T>): Promise<T> {
  if (!actor) return work();
  const { poolSharePerPerson, poolSharePerOrganization, poolShareWaitMs } = getConfig();
  const deadline = Date.now() + poolShareWaitMs;
  const releasePerson = await take(`person:${actor.userId}`, poolSharePerPerson, deadline, 'you');
  try {
    const org = orgId !== undefined && belongsTo(actor, orgId) ? orgId : null;
    if (!org) return await work();
    const releaseOrg = await take(`org:${org}`, poolSharePerOrganization, deadline, 'this organization');
    try {
      return await work();
    } finally {
      releaseOrg();
    }
  } finally {
    releasePerson();
  }
}

/**
 * Runs the authentication of one request (a lookup of its token or session) within the
 * share of that credential and of the client's address: the person is not known yet, and
 * a flood of requests that are each refused later (made-up tokens, each one new) must not
 * fill the pool with lookups first.
 */
export async function withCredentialShare<T>(credential: string, clientAddress: string | null, work: () => Promise<T>): Promise<T> {
  const { poolSharePerPerson, poolShareWaitMs } = getConfig();
  const deadline = Date.now() + poolShareWaitMs;
  const releaseAddress = clientAddress ? await take(`address:${addressKey(clientAddress)}`, poolSharePerPerson, deadline, 'your network') : () => {};
  try {
    const key = `credential:${createHash('sha256').update(credential).digest('base64url')}`;
    const release = await take(key, poolSharePerPerson, deadline, 'this API token or session');
    try {
      return await work();
    } finally {
      release();
    }
  } finally {
    releaseAddress();
  }
}

function belongsTo(actor: Actor, orgId: string): boolean {
  if (actor.token) return actor.token.orgId === orgId;
  return actor.memberOf?.includes(orgId) ?? false;
}

/** A slot of `key`'s share: at once if one is free, else first in, first out until the deadline. */
async function take(key: string, share: number, deadline: number, whose: string): Promise<() => void> {
  let line = lines.get(key);
  if (!line) lines.set(key, (line = { running: 0, waiting: [] }));
  const release = () => {
    const next = line.waiting.shift();
    if (next) next(); // the slot passes straight on to the next in line
    else if (--line.running === 0) lines.delete(key);
  };
  if (line.running < share) {
    line.running++;
    return release;
  }
  // A longer line would only end in the same refusal, later.
  if (line.waiting.length >= MAX_WAITING) throw busy(whose, share);
  return new Promise((resolve, reject) => {
    const granted = () => {
      clearTimeout(timer);
      resolve(release);
    };
    const timer = setTimeout(() => {
      line.waiting.splice(line.waiting.indexOf(granted), 1);
      reject(busy(whose, share));
    }, Math.max(0, deadline - Date.now()));
    line.waiting.push(granted);
  });
}

/** A refusal for being over a share: worth retrying in a second, unlike an hourly limit. */
export class ShareBusyError extends AppError {
  readonly retryAfterSeconds = 1;
}

const busy = (whose: string, share: number) => {
  refusals.inc({ limit: 'fair-share' });
  return new ShareBusyError(
    'TOO_MANY_REQUESTS',
    `Too many requests at once from ${whose}: at most ${share} are worked on at a time and more are waiting. Wait for them to finish, then try again.`,
  );
};
