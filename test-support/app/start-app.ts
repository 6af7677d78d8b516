// Starts the built app as `npm start` runs it (production mode) on a free localhost port.
import { inject } from 'vitest';
import { findFreePort } from '@/db/free-port';
import { createTestDatabase } from '@/test-support/database/test-postgres';
import '@/test-support/database/provided-context';
import { spawnApp } from './build-and-spawn';

export type RunningApp = {
  url: string;
  /** The server's process id. */
  pid: number;
  databaseUrl: string;
  output: () => string;
  /** How the process ended (undefined while it runs). */
  exitCode: () => number | null | undefined;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. */
  stop(): Promise<void>;
};

export async function newTestDatabase(label: string): Promise<string> {
  const name = `${inject('pgTemplate').replace(/_template$/, '')}_${label}_${Date.now().toString(36)}`;
  return createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'), name);
}

/** The built app in production mode, or with `dev: true` the quick-start dev server (no SMTP_URL). */
export async function startApp(options: {
  smtpUrl?: string;
  dev?: boolean;
  /** The app reaches PostgreSQL on this port (a fault-injecting proxy); `databaseUrl` stays direct. */
  databasePort?: number;
  /** Share this database (a second instance of one deployment) instead of a fresh one. */
  databaseUrl?: string;
  /** Node.js flags for the server process (the built app only). */
  nodeArgs?: string[];
  /** More environment variables for the server (limits, say). */
  env?: Record<string, string>;
}): Promise<RunningApp> {
  const port = await findFreePort();
  const url = `http://localhost:${port}`;
  const databaseUrl = options.databaseUrl ?? (await newTestDatabase(`app${port}`));
  const appDatabaseUrl = new URL(databaseUrl);
  if (options.databasePort) appDatabaseUrl.port = String(options.databasePort);
  const { child, output, exited } = spawnApp(
    options.dev
      ? { DATABASE_URL: databaseUrl, PORT: String(port) }
      : { DATABASE_URL: appDatabaseUrl.toString(), SMTP_URL: options.smtpUrl, APP_URL: url, AUTH_SECRET: 'e2e-secret-not-for-production-0123456789', ...options.env },
    port,
    options.dev ? 'dev' : 'start',
    options.nodeArgs,
  );
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`The app exited (${exitCode}) before answering:\n${output()}`);
    try {
      const response = await fetch(`${url}/sign-in`);
      if (response.status === 200) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The app did not answer within 60 s:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid: child.pid!,
    databaseUrl,
    output,
    exitCode: () => exitCode,
    async stop() {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
