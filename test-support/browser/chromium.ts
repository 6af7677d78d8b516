// Which Chromium the browser tests drive, and how they launch it.
//
// Lookup order (findChromium):
//   1. MEMBERS_BROWSER=npm: the npm Chromium below, even where a system one exists (to try that path);
//   2. CHROMIUM_PATH, if set (any Chromium or Chrome binary; it must exist);
//   3. Debian's /usr/bin/chromium, if present (what .ci/run installs);
//   4. the Chromium that `npm ci` brings: the devDependency @sparticuz/chromium, a Linux x64
//      headless Chromium unpacked once into a temporary folder (about 2 s) and reused.
// Why this order: an explicit choice wins, a machine with the system package keeps using it, and
// a newcomer with only Node.js and npm still gets a browser from `npm ci`, without apt-get.
//
// e2e/global-setup.ts resolves the browser once per run (unpacking it if needed), launches it
// once to print its path and version, and hands the path to the test files (inject('chromiumPath')).
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Chromium binary e2e/global-setup.ts chose for this run. */
    chromiumPath: string;
  }
}

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export type ChromiumChoice = { path: string; source: string };

/**
 * The suite's launch flags, the same for every binary. Without the background-networking
 * flags the closed network makes Chromium noisy and slow. Playwright adds --no-sandbox
 * itself (chromiumSandbox defaults to false), which running as root needs. The npm
 * package's own `args` are deliberately not used: they crash here and include
 * --disable-web-security, which would void the CSP tests.
 */
export const CHROMIUM_ARGS = ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const WHAT_TO_DO =
  'To get a browser for the end-to-end tests, do one of:\n' +
  '  - npm ci                         (installs the devDependency @sparticuz/chromium: Linux x64 only)\n' +
  '  - apt-get install -y chromium    (Debian/Ubuntu; .ci/run does this)\n' +
  '  - CHROMIUM_PATH=/path/to/chromium-or-chrome npm test';

/** Finds (and, for the npm Chromium, unpacks) the browser, in the order described at the top of this file. */
export async function findChromium(): Promise<ChromiumChoice> {
  if (process.env.MEMBERS_BROWSER === 'npm') return { path: await npmChromiumPath(), source: `npm package @sparticuz/chromium ${npmChromiumVersion()}, forced by MEMBERS_BROWSER=npm` };
  if (process.env.MEMBERS_BROWSER) throw new Error(`MEMBERS_BROWSER=${process.env.MEMBERS_BROWSER} is not understood: the only value is "npm" (use the npm Chromium even where a system one exists).`);
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH is ${configured}, and nothing is there.\n${WHAT_TO_DO}\n  - or unset CHROMIUM_PATH to use ${DEBIAN_CHROMIUM} or the npm Chromium.`);
    return { path: configured, source: 'CHROMIUM_PATH' };
  }
  if (existsSync(DEBIAN_CHROMIUM)) return { path: DEBIAN_CHROMIUM, source: "Debian's chromium package" };
  return { path: await npmChromiumPath(), source: `npm package @sparticuz/chromium ${npmChromiumVersion()}: no CHROMIUM_PATH, no ${DEBIAN_CHROMIUM}` };
}

/** Launches the run's browser (or `executablePath`) headless, with the suite's flags. */
export function launchChromium(executablePath: string = inject('chromiumPath')): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** Once per run, in the main process: finds the browser, proves it starts, and says which it is. */
export async function checkChromium(): Promise<ChromiumChoice> {
  const started = performance.now();
  const choice = await findChromium();
  const found = performance.now() - started;
  let browser: Browser;
  try {
    browser = await launchChromium(choice.path);
  } catch (error) {
    throw new Error(`Chromium at ${choice.path} (${choice.source}) did not start:\n${(error as Error).message}\n\n${WHAT_TO_DO}`);
  }
  const version = browser.version();
  await browser.close();
  // Screenshots and layouts can differ between browsers and their fonts: say which one ran.
  console.log(`Browser for e2e tests: ${choice.path}, Chromium ${version} (${choice.source}${found > 500 ? `; unpacked in ${(found / 1000).toFixed(1)} s` : ''})`);
  return choice;
}

/** The installed @sparticuz/chromium's folder, or null when it is not installed. */
function npmChromiumPackageDir(): string | null {
  try {
    // Its exports map hides package.json; its CommonJS entry is build/cjs/index.cjs.
    return path.resolve(path.dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..', '..');
  } catch {
    return null;
  }
}

/** The version of @sparticuz/chromium installed (its major is Chromium's), or null. */
export function npmChromiumVersion(): string | null {
  const dir = npmChromiumPackageDir();
  return dir ? (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version : null;
}

/**
 * The npm Chromium's binary, unpacked on first use. The package itself unpacks into
 * os.tmpdir() as a bare `chromium` (plus fonts and GL libraries) and reuses whatever is
 * there: no version in the name, and a half-written file after an interrupted unpack
 * passes as done. So it unpacks into a fresh folder here and is renamed into a folder
 * named by version (and user) only when complete; later runs find that folder at once.
 */
export async function npmChromiumPath(): Promise<string> {
  const version = npmChromiumVersion();
  if (!version) {
    const why = process.env.MEMBERS_BROWSER === 'npm' ? ' (MEMBERS_BROWSER=npm asks for it)' : `, and there is no other: CHROMIUM_PATH is not set and ${DEBIAN_CHROMIUM} is not there`;
    throw new Error(`No Chromium for the end-to-end tests: the npm one (@sparticuz/chromium) is not installed${why}.\n${WHAT_TO_DO}`);
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`The npm Chromium (@sparticuz/chromium) is a Linux x64 build; this is ${process.platform} ${process.arch}.\nPoint CHROMIUM_PATH at a Chromium or Chrome (on macOS: "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome").`);
  }
  const folder = path.join(tmpdir(), `members-chromium-${version}-${process.getuid?.() ?? 'user'}`);
  const binary = path.join(folder, 'chromium');
  if (existsSync(binary)) return binary;

  // Leftovers of unpacks that were interrupted (about 200 MB each) go first.
  for (const name of readdirSync(tmpdir())) {
    const leftover = path.join(tmpdir(), name);
    try {
      if (name.startsWith(`${path.basename(folder)}-unpacking-`) && Date.now() - statSync(leftover).mtimeMs > 10 * 60_000) rmSync(leftover, { recursive: true, force: true });
    } catch {}
  }
  const staging = mkdtempSync(`${folder}-unpacking-`);
  try {
    const { default: Chromium } = await import('@sparticuz/chromium');
    // executablePath() reads os.tmpdir() (TMPDIR) synchronously, before its first await:
    // pointing TMPDIR at the staging folder for that call unpacks everything there.
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = staging;
    let unpacking: Promise<string>;
    try {
      unpacking = Chromium.executablePath();
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    const unpacked = await unpacking;
    if (unpacked !== path.join(staging, 'chromium')) throw new Error(`@sparticuz/chromium ${version} unpacked to ${unpacked}, not into ${staging}: its unpacking changed, and test-support/browser/chromium.ts needs a look.`);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`Unpacking the npm Chromium (@sparticuz/chromium ${version}) into ${tmpdir()} failed (it needs about 200 MB there):\n${(error as Error).message}\n${WHAT_TO_DO}`);
  }
  try {
    renameSync(staging, folder);
  } catch (error) {
    // Another run unpacked it at the same time and renamed first: use that one.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(binary)) throw error;
  }
  return binary;
}
