/** What a server action returns to the page: a success message, or an error next to a field. */
export type FormState = {
  success?: string;
  error?: string;
  field?: string;
  values?: Record<string, string>;
  /** A secret to show once (a new API token). */
  secret?: string;
};
