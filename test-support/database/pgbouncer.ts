// Debian's PgBouncer in transaction mode in front of a test PostgreSQL, as managed platforms
// run it. `.ci/run` installs it; on a machine without it, callers run the same test directly
// against PostgreSQL and say that the pooler leg did not run (unless MEMBERS_REQUIRE_PGBOUNCER=1,
// as in CI, where a missing PgBouncer is a failure).
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findFreePort } from '@/db/free-port';

export type RunningPgBouncer = { url: string; stop(): Promise<void> };

const CANDIDATES = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'];

export const pgBouncerBinary = (): string | null => CANDIDATES.find((candidate) => existsSync(candidate)) ?? null;

/** PgBouncer (pool_mode = transaction) for the database of `databaseUrl`, or null when it is not installed. */
export async function startPgBouncer(databaseUrl: string): Promise<RunningPgBouncer | null> {
  const binary = pgBouncerBinary();
  if (!binary && process.env.MEMBERS_REQUIRE_PGBOUNCER === '1') throw new Error('PgBouncer is required here (MEMBERS_REQUIRE_PGBOUNCER=1) but not installed: apt-get install pgbouncer');
  if (!binary) return null;
  const target = new URL(databaseUrl);
  const port = await findFreePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'members-pgbouncer-'));
  chmodSync(dir, 0o777);
  const user = decodeURIComponent(target.username);
  writeFileSync(path.join(dir, 'users.txt'), `"${user}" "${decodeURIComponent(target.password)}"\n`, { mode: 0o644 });
  writeFileSync(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${target.hostname === 'localhost' ? '127.0.0.1' : target.hostname} port=${target.port}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      `unix_socket_dir = ${dir}`,
      'auth_type = plain',
      `auth_file = ${path.join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      'ignore_startup_parameters = extra_float_digits,options',
      'max_client_conn = 1000',
      'default_pool_size = 20',
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  // PgBouncer refuses to run as root: as root, run it as an unprivileged user every Debian has.
  const asRoot = process.getuid?.() === 0;
  const child: ChildProcess = asRoot
    ? spawn('runuser', ['-u', 'nobody', '--', binary, path.join(dir, 'pgbouncer.ini')], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(binary, [path.join(dir, 'pgbouncer.ini')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`PgBouncer did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
