// Runs once per server process, before the first request (instrumentation hook).
import { db } from '@/db';
import { migrateToLatest } from '@/db/migrate';
import { ConfigError, getConfig } from '@/server/config';
import { errorFields, log } from '@/server/log';
import { DEMO_OWNER_EMAIL, seedDemoOrganization } from '@/server/seed';

export async function startServer(): Promise<void> {
  let config;
  try {
    config = getConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`\nMembers cannot start: ${error.message}\n`);
    process.exit(1);
  }
  // Auth.js builds its URLs (the sign-in link included) from AUTH_URL; it
  // follows APP_URL so no link is ever built from a request's Host header.
  process.env.AUTH_URL = `${config.appUrl}/api/auth`;

  try {
    const applied = await migrateToLatest(db);
    if (applied.length) log.info('migrations applied', { applied });
  } catch (error) {
    console.error(`\nMembers cannot start: the database is not usable.\n${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }

  if (!config.production && (await seedDemoOrganization(db))) {
    console.log(
      `\n  A demo organization was created. Sign in at ${config.appUrl}/sign-in as ${DEMO_OWNER_EMAIL};\n` +
        `  the sign-in link is printed here and kept at ${config.appUrl}/dev/mailbox\n`,
    );
  }
  log.info('server ready', { appUrl: config.appUrl, mail: config.smtpUrl ? 'smtp' : 'development mailbox' });
}

export function reportStartupFailure(error: unknown): never {
  log.error('startup failed', errorFields(error));
  process.exit(1);
}
