// Spawns the app (`next start` on a build, or `next dev`) on a localhost port.
// No test-runner imports: the benchmarks use it too.
import { type ChildProcess, spawn } from 'node:child_process';

export const E2E_DIST_DIR = '.next-e2e';

/** Spawns `next start` (the built app) or `next dev` (the quick start), on localhost only. */
export function spawnApp(
  env: Record<string, string | undefined>,
  port: number,
  command: 'start' | 'dev' = 'start',
  nodeArgs: string[] = [],
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = '';
  const child = spawn(process.execPath, [...nodeArgs, 'node_modules/next/dist/bin/next', command, '-H', 'localhost', '-p', String(port)], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NEXT_TELEMETRY_DISABLED: '1',
      NEXT_DIST_DIR: command === 'start' ? E2E_DIST_DIR : `${E2E_DIST_DIR}-dev`,
      NODE_ENV: command === 'start' ? 'production' : 'development',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

