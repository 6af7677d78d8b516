/** Who is making a request: every service function takes one. */
export type Actor = {
  userId: string;
  email: string;
  name: string | null;
  /** Set when the request authenticated with an API token: it acts in that organization only. */
  token?: { id: string; orgId: string };
};
