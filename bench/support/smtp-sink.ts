// A local SMTP server that accepts and counts every message (the benchmarks' mail server).
import { SMTPServer } from 'smtp-server';
import { findFreePort } from '@/db/free-port';
import { LOCAL_SMTP_OPTIONS } from '@/test-support/mail/smtp-server';

export type SmtpSink = { url: string; received(): number; close(): Promise<void> };

export async function startSmtpSink(): Promise<SmtpSink> {
  let received = 0;
  const sink = new SMTPServer({
    ...LOCAL_SMTP_OPTIONS,
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        received += 1;
        callback();
      });
    },
  });
  const port = await findFreePort();
  await new Promise<void>((resolve) => sink.listen(port, '127.0.0.1', resolve));
  // Answer each SMTP command at once (no Nagle delay), as a production mail server's kernel tuning would.
  sink.server.on('connection', (socket) => socket.setNoDelay(true));
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    close: () => new Promise<void>((resolve) => sink.close(() => resolve())),
  };
}
