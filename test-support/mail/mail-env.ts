import { afterAll, beforeAll } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from './smtp-server';

export const TEST_APP_URL = 'https://members.example.com';

/** Points the app's mail at a real SMTP server for this test file (and APP_URL at a fixed origin). */
export function useTestSmtp(): { server: TestSmtpServer } {
  const holder = {} as { server: TestSmtpServer };
  const env = process.env as Record<string, string | undefined>;
  const saved = { SMTP_URL: env.SMTP_URL, APP_URL: env.APP_URL };
  beforeAll(async () => {
    holder.server = await startSmtpServer();
    env.SMTP_URL = holder.server.url;
    env.APP_URL = TEST_APP_URL;
  });
  afterAll(async () => {
    Object.assign(env, saved);
    for (const key of Object.keys(saved) as (keyof typeof saved)[]) if (saved[key] === undefined) delete env[key];
    await holder.server?.close();
  });
  return holder;
}
