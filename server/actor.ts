import { AppError } from './errors';

/** Who is making a request: every service function takes one. */
export type Actor = {
  userId: string;
  email: string;
  name: string | null;
  /** Set when the request authenticated with an API token: it acts in that organization only. */
  token?: { id: string; orgId: string };
  /** For a session: the organizations the person belonged to when the request began (fair share only; services check again). */
  memberOf?: readonly string[];
};

/** The actor, or UNAUTHORIZED for a request nobody signed in to. */
export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new AppError('UNAUTHORIZED', 'Please sign in to continue.');
  return actor;
}
