// Next.js calls register() once per server process before serving requests. Under
// `npm start`, server/http/main.ts has already run the start-up and this call finds
// it done; under `next dev`, this is where it runs.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { prepareToServe, reportStartupFailure } = await import('./server/startup');
  await prepareToServe().catch(reportStartupFailure);
}
