// Every process migrates on start, and in a deployment they start at once through a
// transaction-mode pooler. Kysely's own migration lock is session-level: through the pooler it
// stayed on whichever server connection took it, so the next process to migrate waited an hour.
// Ours is held by a transaction, so it goes when the run ends, or when the process dies.
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { MIGRATION_LOCK, migrateDatabase } from '@/db/migrate';
import { migrations } from '@/db/migrations';
import { type RunningPgBouncer, startPgBouncer } from '@/test-support/database/pgbouncer';
import { createTestDatabase } from '@/test-support/database/test-postgres';
import '@/test-support/database/provided-context';

let bouncer: RunningPgBouncer | null = null;
afterEach(() => bouncer?.stop());

async function query<Row>(url: string, text: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as Row[];
  } finally {
    await client.end();
  }
}

describe('migrations through a transaction-mode pooler', () => {
  it('three processes migrating one empty database at once take turns, apply each migration once and leave no lock behind', async () => {
    const direct = await createTestDatabase(inject('pgAdminUrl'), 'template0', `members_migrate_${Date.now().toString(36)}`);
    bouncer = await startPgBouncer(direct);
    if (!bouncer) console.warn('PgBouncer is not installed here: the pooler leg of this test did not run; the migrations ran against PostgreSQL directly. (.ci/run installs it.)');
    const url = bouncer?.url ?? direct;

    const applied = await Promise.all([migrateDatabase(url), migrateDatabase(url), migrateDatabase(url)]);
    // One of them applied everything; the others found nothing to do.
    expect(applied.map((names) => names.length).sort((a, b) => a - b)).toEqual([0, 0, Object.keys(migrations).length]);
    // Later starts (a rolling restart) neither wait nor apply anything.
    for (let i = 0; i < 3; i += 1) expect(await migrateDatabase(url)).toEqual([]);
    expect(await query(direct, `select 1 from pg_locks where locktype = 'advisory'`)).toEqual([]);
    const queue = await query<{ count: string }>(direct, 'select count(*) from graphile_worker.migrations');
    expect(Number(queue[0]!.count)).toBeGreaterThan(0);
  });

  it('a process that dies holding the lock does not hold up the next one', async () => {
    const direct = await createTestDatabase(inject('pgAdminUrl'), 'template0', `members_migrate_dead_${Date.now().toString(36)}`);
    bouncer = await startPgBouncer(direct);
    const url = bouncer?.url ?? direct;
    // A process that took the migration lock and then lost its connection (it was killed).
    const dying = new pg.Client({ connectionString: url });
    await dying.connect();
    dying.on('error', () => {});
    await dying.query('begin');
    await dying.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    let done = false;
    const waiting = migrateDatabase(url).finally(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(done).toBe(false); // it waits its turn
    (dying as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect((await waiting).length).toBe(Object.keys(migrations).length);
  });
});
