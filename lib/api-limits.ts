/** Calls one HTTP request may batch: a page needs a few; more would let one request hold many connections. */
export const MAX_BATCH_CALLS = 10;
