/** What a form's server action returns to the page: an error next to a field, or nothing. */
export type FormState = {
  error?: string;
  field?: string;
  values?: Record<string, string>;
};
