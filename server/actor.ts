/** Who is making a request: every service function takes one. */
export type Actor = {
  userId: string;
  email: string;
  name: string | null;
};
