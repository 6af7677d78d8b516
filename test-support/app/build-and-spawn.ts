// Builds the app and spawns it (the built app as `npm start` runs it, or `next dev`)
// on a localhost port. No test-runner imports: the benchmarks use it too.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

export const E2E_DIST_DIR = '.next-e2e';

/**
 * `npm run build` (Next.js, then the server in front of it) into its own directory;
 * `benchRoutes` adds the benchmark's floor routes (next.config.mjs).
 */
export function buildApp(distDir: string, options: { benchRoutes?: boolean } = {}): void {
  const build = spawnSync('npm', ['run', 'build'], {
    env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', BENCH_ROUTES: options.benchRoutes ? '1' : '' },
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
}

/**
 * Spawns the built app as `npm start` does, or `next dev` (the quick start), on
 * localhost only. `next start` serves the same build with Next.js's own server
 * (the API through its route handler): the benchmarks' comparison.
 */
export function spawnApp(
  env: Record<string, string | undefined>,
  port: number,
  command: 'start' | 'next start' | 'dev' = 'start',
  nodeArgs: string[] = [],
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = '';
  const distDir = env.NEXT_DIST_DIR ?? (command === 'dev' ? `${E2E_DIST_DIR}-dev` : E2E_DIST_DIR);
  const entry =
    command === 'start' ? [path.join(distDir, 'members-server', 'main.mjs')] : ['node_modules/next/dist/bin/next', command === 'dev' ? 'dev' : 'start'];
  const child = spawn(process.execPath, [...nodeArgs, ...entry, '-H', 'localhost', '-p', String(port)], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NEXT_TELEMETRY_DISABLED: '1',
      NEXT_DIST_DIR: distDir,
      NODE_ENV: command === 'dev' ? 'development' : 'production',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

