import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '@/db/embedded';

describe('embedded PostgreSQL', () => {
  it("reports a failed start with the server's own log", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'members-bad-pg-'));
    const error = await startEmbeddedPostgres({ dataDir, database: 'x', persistent: false, postgresFlags: ['-c', 'no_such_setting=1'] }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('failed to start');
    expect((error as Error).message).toContain('unrecognized configuration parameter "no_such_setting"');
  });

  it('keeps its data between starts and creates the database', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'members-keep-pg-'));
    const first = await startEmbeddedPostgres({ dataDir, database: 'kept' });
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query('create table marker (id int)');
    await client.end();
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir, database: 'kept' });
    const again = new pg.Client({ connectionString: second.url });
    await again.connect();
    const { rows } = await again.query("select to_regclass('marker') as t");
    await again.end();
    await second.stop();
    expect(rows[0].t).toBe('marker');
  });
});
