// A TCP proxy in front of PostgreSQL, for fault tests: the app connects through
// it, and the test can take the database "down" (every connection cut, new ones
// refused, exactly what a stopped server looks like) or cut one connection in
// the middle of a transaction, right after a given statement was sent.
import net from 'node:net';

export type TcpProxy = {
  port: number;
  /** Cuts every open connection and refuses new ones until `up()`. */
  down(): Promise<void>;
  /** Accepts connections again, on the same port. */
  up(): Promise<void>;
  /**
   * The next time a client sends bytes containing `text`, forwards them, holds
   * back whatever that client sends next (its COMMIT), and cuts the connection:
   * the server sees the client vanish in the middle of the transaction.
   * Resolves once the cut has happened.
   */
  cutAfter(text: string): Promise<void>;
  close(): Promise<void>;
};

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let trap: { text: Buffer; cut: () => void } | null = null;

  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    let trapped = false;
    client.on('data', (chunk) => {
      if (trapped) return; // nothing after the trapped statement (no COMMIT) reaches the server
      upstream.write(chunk);
      if (trap && chunk.includes(trap.text)) {
        const { cut } = trap;
        trap = null;
        trapped = true;
        // Let the statement reach the server and run, then vanish.
        setTimeout(() => {
          drop();
          cut();
        }, 100);
      }
    });
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, 'localhost', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const { port } = server.address() as net.AddressInfo;

  const down = async () => {
    const closed = new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await closed;
  };

  return {
    port,
    down,
    up: () => listen(port),
    cutAfter: (text) => new Promise<void>((resolve) => (trap = { text: Buffer.from(text), cut: resolve })),
    close: down,
  };
}
