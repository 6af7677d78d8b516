// Next.js calls register() once per server process before serving requests.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startServer, reportStartupFailure } = await import('./server/startup');
  await startServer().catch(reportStartupFailure);
}
