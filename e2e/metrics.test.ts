// /metrics as Prometheus scrapes it: bearer-protected, in the text format, from the app
// (pages, the API and Auth.js counted in one registry) and from a separate worker.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '@/db/free-port';
import { sentTo, startSmtpServer, type TestSmtpServer } from '@/test-support/mail/smtp-server';
import { type RunningApp, startApp } from '@/test-support/app/start-app';
import { postSignIn } from '@/test-support/app/auth-requests';

const TOKEN = 'metrics-token-for-tests-0123456789';
let smtp: TestSmtpServer;
let app: RunningApp;

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startApp({ smtpUrl: smtp.url, env: { METRICS_TOKEN: TOKEN, SIGN_IN_EMAILS_PER_ADDRESS_PER_HOUR: '1' } });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await smtp?.close();
});

type Sample = { name: string; labels: Record<string, string>; value: number };

/** Prometheus's text format, the sample lines of it. */
function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);

async function scrape(url: string): Promise<Sample[]> {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return parse(await response.text());
}

const requestSignIn = (email: string) => postSignIn(app.url, email);

describe('metrics', () => {
  it('are refused without the token, and counted across pages, the API, Auth.js and email', async () => {
    expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789012345' } })).status).toBe(401);

    await fetch(`${app.url}/sign-in`);
    await fetch(`${app.url}/api/trpc/org.member.list?input=${encodeURIComponent('{"orgId":"00000000-0000-4000-8000-000000000000"}')}`);
    await requestSignIn('counted@example.com');
    await smtp.waitForEmail(sentTo('counted@example.com'));
    await requestSignIn('counted@example.com'); // over its limit of 1 an hour: refused

    let samples = await scrape(app.url);
    // The email is counted once the worker has recorded it.
    for (const deadline = Date.now() + 10_000; value(samples, 'members_emails_total', { outcome: 'sent' }) < 1 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      samples = await scrape(app.url);
    }
    expect(value(samples, 'members_http_requests_total', { group: 'page', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'members_http_requests_total', { group: 'api', status: '401' })).toBe(1);
    expect(value(samples, 'members_http_request_duration_seconds_count', { group: 'api' })).toBe(1);
    expect(value(samples, 'members_http_request_duration_seconds_bucket', { group: 'api', le: '+Inf' })).toBe(1);
    expect(value(samples, 'members_limit_refusals_total', { limit: 'sign-in' })).toBe(1);
    expect(value(samples, 'members_emails_total', { outcome: 'sent' })).toBe(1);
    expect(samples.some((s) => s.name === 'members_database_pool_connections' && s.labels.state === 'idle')).toBe(true);
    expect(samples.some((s) => s.name === 'members_email_jobs_queued')).toBe(true);
    expect(samples.some((s) => s.name === 'members_email_queue_age_seconds')).toBe(true);
    expect(value(samples, 'members_process_cpu_seconds_total')).toBeGreaterThan(0);
    // Health probes and scrapes are not counted as traffic.
    expect(samples.filter((s) => s.name === 'members_http_requests_total' && s.labels.group === 'metrics')).toEqual([]);
  });

  it('are served by a separate worker on its own port', async () => {
    const port = await findFreePort();
    const worker = spawn(process.execPath, ['--import', 'tsx', 'server/worker-cli.ts'], {
      env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: app.databaseUrl, SMTP_URL: smtp.url, APP_URL: app.url, AUTH_SECRET: 'e2e-secret-not-for-production-0123456789', METRICS_TOKEN: TOKEN, METRICS_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    worker.stdout.on('data', (chunk) => (output += chunk));
    worker.stderr.on('data', (chunk) => (output += chunk));
    try {
      const deadline = Date.now() + 30_000;
      let samples: Sample[] | null = null;
      while (!samples) {
        samples = await fetch(`http://localhost:${port}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } }).then(
          async (r) => (r.status === 200 ? parse(await r.text()) : null),
          () => null,
        );
        if (!samples && Date.now() > deadline) throw new Error(`the worker served no metrics:\n${output}`);
        if (!samples) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(samples.some((s) => s.name === 'members_email_jobs_queued')).toBe(true);
      expect(value(samples, 'members_process_cpu_seconds_total')).toBeGreaterThan(0);
      expect((await fetch(`http://localhost:${port}/metrics`)).status).toBe(401);
    } finally {
      worker.kill('SIGKILL');
    }
  });
});
