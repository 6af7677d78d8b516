// The built app for benchmarks: `npm run build` into its own directory, then
// started as `npm start` does (production mode), with its resident memory sampled.
import { readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { findFreePort } from '@/db/free-port';
import { buildApp as buildInto, spawnApp } from '@/test-support/app/build-and-spawn';

export const BENCH_DIST_DIR = '.next-bench';
/** The AUTH_SECRET of every server a benchmark starts (and of its own process, when it calls services). */
export const BENCH_AUTH_SECRET = 'bench-secret-not-for-production-0123456789';

const UNBOUNDED_CLIENT = { POOL_SHARE_PER_PERSON: '100000', POOL_SHARE_PER_ORGANIZATION: '100000', HTTP_MAX_CONNECTIONS_PER_ADDRESS: '100000' };

/** A production build with the floor routes (skipped with BENCH_SKIP_BUILD=1 when one is already there). */
export function buildApp(): void {
  if (process.env.BENCH_SKIP_BUILD === '1') return;
  buildInto(BENCH_DIST_DIR, { benchRoutes: true });
}

export type BenchApp = {
  url: string;
  /** The server process (`npm start`'s). */
  pid: number;
  /** From spawning the server to the first 200 on /sign-in. */
  startMs: number;
  /** Resident memory of the server's process tree now, in MB. */
  rssMb(): number;
  /** The highest rssMb() seen since start (sampled every 250 ms). */
  peakRssMb(): number;
  output(): string;
  stop(): Promise<void>;
};

/** The Node.js flags of `npm start` (package.json), so the benchmark runs the server as deployed. */
function startScriptNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
  return scripts.start?.match(/--[\w-]+=\S+/g) ?? [];
}

/**
 * Starts the build as `npm start` does (same Node.js flags), or with `next start`
 * (Next.js's own server: the API through its route handler). BENCH_CPU_PROF=<dir>
 * writes a V8 CPU profile of the server to <dir> when it stops; BENCH_NODE_ARGS
 * adds Node.js flags (e.g. "--max-semi-space-size=32").
 */
export async function startBuiltApp(env: Record<string, string>, server: 'start' | 'next start' = 'start'): Promise<BenchApp> {
  const port = await findFreePort();
  const url = `http://localhost:${port}`;
  const started = performance.now();
  const { child, output, exited } = spawnApp(
    // One script on one host plays every client here: the per-person, per-organization and per-address
    // bounds (tested in e2e/fair-share.test.ts, e2e/request-limits.test.ts) would measure themselves instead.
    { APP_URL: url, AUTH_SECRET: BENCH_AUTH_SECRET, LOG_LEVEL: 'warn', NEXT_DIST_DIR: BENCH_DIST_DIR, ...UNBOUNDED_CLIENT, ...env },
    port,
    server,
    [
      ...startScriptNodeFlags(),
      ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
  );
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  // A benchmark that fails midway must not leave its server running: one orphaned that
  // way kept a core busy and spoiled the next run.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  for (;;) {
    if (exitCode !== undefined) throw new Error(`The app exited (${exitCode}):\n${output()}`);
    const status = await fetch(`${url}/sign-in`).then((r) => r.status, () => 0);
    if (status === 200) break;
    if (performance.now() - started > 60_000) throw new Error(`The app did not answer within 60 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const startMs = performance.now() - started;
  const rssMb = () => treeRssKb(child.pid!) / 1024;
  let peak = rssMb();
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 250);
  return {
    url,
    pid: child.pid!,
    startMs,
    rssMb,
    peakRssMb: () => peak,
    output,
    async stop() {
      clearInterval(sampler);
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A process and all its descendants (Linux /proc). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(statFields(Number(entry))[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {}
  }
  const tree: number[] = [];
  const pending = [root];
  while (pending.length) {
    const pid = pending.pop()!;
    tree.push(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** The fields of /proc/<pid>/stat after the command name: [0] state, [1] ppid, ... [11] utime, [12] stime. */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

export const parentPid = (pid: number) => Number(statFields(pid)[1]);

/** VmRSS of a process and all its descendants, in kB. */
function treeRssKb(root: number): number {
  let total = 0;
  for (const pid of processTree(root)) {
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {}
  }
  return total;
}

const CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU time (user + system) a process and its live descendants have used, in ms. */
export function treeCpuMs(root: number): number {
  let total = 0;
  for (const pid of processTree(root)) {
    try {
      const fields = statFields(pid);
      total += (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
    } catch {}
  }
  return total;
}
