// A real SMTP server for tests, bound to localhost; received messages are parsed.
import { type ParsedMail, simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export type ReceivedEmail = ParsedMail & { envelopeTo: string[] };

export type TestSmtpServer = {
  url: string;
  messages: ReceivedEmail[];
  /** Resolves with the first message (already received or arriving) that matches. */
  waitForEmail(match: (email: ReceivedEmail) => boolean, timeoutMs?: number): Promise<ReceivedEmail>;
  close(): Promise<void>;
};

export type SmtpServerOptions = {
  /** Listen on this port (to bring a "down" server up); default: any free port. */
  port?: number;
  /** Recipients answered with 550 (a permanent refusal). */
  refuse?: (address: string) => boolean;
  /** Milliseconds to wait before accepting a message's data (a slow server). */
  delayMs?: number;
  /** Called when a message's data starts to arrive. */
  onDataStart?: () => void;
};

/** A plain local SMTP server: no TLS, no login, quick to close (the benchmarks' sink uses it too). */
export const LOCAL_SMTP_OPTIONS = {
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  // No reverse DNS of the client: this sandbox has no DNS, and each lookup waits to time out.
  disableReverseLookup: true,
  // The app keeps pooled connections open; on close, drop them instead of waiting 30 s.
  closeTimeout: 50,
  logger: false,
} satisfies SMTPServerOptions;

export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const messages: ReceivedEmail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    ...LOCAL_SMTP_OPTIONS,
    onRcptTo(address, _session, callback) {
      if (options.refuse?.(address.address)) {
        return callback(Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      options.onDataStart?.();
      simpleParser(stream)
        .then(async (parsed) => {
          if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
          messages.push(Object.assign(parsed, { envelopeTo: session.envelope.rcptTo.map((r) => r.address) }));
          for (const wake of waiters) wake();
          callback();
        })
        .catch(callback);
    },
  });
  // A client that vanishes mid-session (a worker killed on purpose) is not a failure of the test.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitForEmail(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No matching email within ${timeoutMs} ms (received ${messages.length})`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The links in a message's plain-text part. */
export function linksIn(text: string | undefined): string[] {
  return [...new Set(text?.match(/https?:\/\/[^\s<>\]]+/g) ?? [])];
}

/** Matches a message whose envelope was addressed to `address` (case-insensitively). */
export const sentTo = (address: string) => (email: ReceivedEmail) =>
  email.envelopeTo.some((to) => to.toLowerCase() === address.toLowerCase());
