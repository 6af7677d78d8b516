// The server lets go of every page it rendered once the response is out. Before
// app/_lib/release-render.ts it kept nearly every page rendered under load (2,248
// responses after 30 s of Members pages in the benchmark; its heap grew with each).
// The test loads the Members page 400 times, 10 at a time, then counts the responses
// still in the server's heap, in a V8 heap snapshot (written on SIGUSR2 after a full GC).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/types';
import { seedOrganization, sessionCookie } from '@/test-support/factories/bulk-seed';
import { type RunningApp, startApp } from '@/test-support/app/start-app';

const PAGES = 400;
const CONNECTIONS = 10;
/** Far below PAGES: bounded by the server's open connections and timers, not by the pages served. */
const RETAINED_AT_MOST = 50;

describe('memory under load', () => {
  const snapshotDir = mkdtempSync(path.join(tmpdir(), 'members-heap-'));
  let app: RunningApp;
  let db: Kysely<Database>;

  beforeAll(async () => {
    // Nothing listens on this SMTP port: no email is sent in this file.
    app = await startApp({ smtpUrl: 'smtp://localhost:1', nodeArgs: ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshotDir}`] });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: app.databaseUrl, max: 2 }) }) });
  });
  afterAll(async () => {
    await app?.stop();
    await db?.destroy();
    rmSync(snapshotDir, { recursive: true, force: true });
  });

  it(`does not keep the Members pages it rendered (${PAGES}, ${CONNECTIONS} at a time)`, async () => {
    // The benchmarks' seeding: an owner with a session, and more than a page of members and of invitations.
    const { orgId, sessionToken } = await seedOrganization(db, { members: 40, invitations: 30, tag: 'heap' });
    const cookie = sessionCookie(sessionToken);
    // autocannon, as the benchmarks load the page: it closes its connections when done,
    // so no open socket of the test's still carries a request.
    const result = await autocannon({ url: `${app.url}/orgs/${orgId}/members`, connections: CONNECTIONS, amount: PAGES, headers: { cookie } });
    expect({ answered: result['2xx'], errors: result.errors + result.timeouts }).toEqual({ answered: PAGES, errors: 0 });

    const counts = countObjects(await heapSnapshot(app.pid, snapshotDir), ['ServerResponse', 'IncomingMessage']);
    // What stays is what open handles hold: on Node.js 20 a socket or timer keeps the
    // AsyncLocalStorage stores of the request it was created in (each pooled database
    // connection, its idle timer, a module first loaded during a request): 16-22 here.
    // Without the release, 384-401 of the 400 stayed.
    expect(counts.ServerResponse, 'responses still in the heap').toBeLessThan(RETAINED_AT_MOST);
    expect(counts.IncomingMessage, 'requests still in the heap').toBeLessThan(RETAINED_AT_MOST);
  });
});

/** Asks the server for a heap snapshot and returns its path once the file is complete. */
async function heapSnapshot(pid: number, dir: string): Promise<string> {
  process.kill(pid, 'SIGUSR2');
  let size = -1;
  for (let waited = 0; waited < 60_000; waited += 500) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const file = readdirSync(dir).find((name) => name.endsWith('.heapsnapshot'));
    if (!file) continue;
    const now = statSync(path.join(dir, file)).size;
    // Written as one JSON document: complete once it ends and stops growing.
    if (now > 0 && now === size && readFileSync(path.join(dir, file), 'utf8').trimEnd().endsWith('}')) return path.join(dir, file);
    size = now;
  }
  throw new Error('The server wrote no heap snapshot within 60 s');
}

/** How many objects of each constructor name the snapshot holds. */
function countObjects<Name extends string>(file: string, names: Name[]): Record<Name, number> {
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const { node_fields: fields, node_types: types } = snapshot.snapshot.meta;
  const typeField = fields.indexOf('type');
  const nameField = fields.indexOf('name');
  const objectType = types[0].indexOf('object');
  const counts = Object.fromEntries(names.map((name) => [name, 0])) as Record<Name, number>;
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    if (snapshot.nodes[i + typeField] !== objectType) continue;
    const name = snapshot.strings[snapshot.nodes[i + nameField]!] as Name;
    if (name in counts) counts[name] += 1;
  }
  return counts;
}
