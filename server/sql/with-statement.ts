import { type OperationNodeSource, sql } from 'kysely';
import type { Tx } from '@/db';

/** What the final SELECT reads of a clause: its `columns`, handed to `check` once the statement ran. */
type Read = { columns: readonly string[]; check?: (row: Record<string, unknown>) => void };
type Clause = { name: string; query: OperationNodeSource; read?: Read };

/**
 * Writes gathered into one data-modifying WITH statement, sent in one round trip
 * on the caller's transaction: `with name as (query), … select … from <the clauses read>`.
 * The writers of shared rows (recordAuditEvent, consumeRateLimit, enqueueInvitationEmail)
 * take either a transaction, to send their write at once, or a WithStatement, to add
 * it here. All clauses see one snapshot, so none may need another's output: choose
 * ids up front.
 */
export class WithStatement {
  private readonly clauses: Clause[] = [];

  constructor(readonly tx: Tx) {}

  /** Adds `name as (query)`. A data-modifying query always runs; a SELECT runs only when `read`. */
  add(name: string, query: OperationNodeSource, read?: Read): void {
    if (this.clauses.some((clause) => clause.name === name)) throw new Error(`WithStatement: a second clause named ${name}`);
    this.clauses.push({ name, query, read });
  }

  async send(): Promise<void> {
    const reads = this.clauses.flatMap(({ name, read }) => (read ? [{ name, ...read }] : []));
    const columns = reads.flatMap(({ name, columns }) => columns.map((column) => sql.ref(`${name}.${column}`)));
    const from = reads.length > 0 ? sql` from ${sql.join(reads.map(({ name }) => sql.id(name)), sql` cross join `)}` : sql``;
    const clauses = sql.join(this.clauses.map(({ name, query }) => sql`${sql.id(name)} as (${query})`));
    const { rows } = await sql<Record<string, unknown>>`with ${clauses} select ${columns.length > 0 ? sql.join(columns) : sql`1`}${from}`.execute(this.tx);
    for (const { check } of reads) check?.(rows[0]!);
  }
}
