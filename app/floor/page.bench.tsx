import type { Metadata } from 'next';
import { connection } from 'next/server';

// The benchmark's bare page (bench/members-scale.ts): the cheapest page this app
// renders on every request (root layout and proxy.ts only; no session, no query), to
// show what a page costs before any of our work. Only the benchmark's build has it
// (the .bench.tsx extension: next.config.mjs).

export const metadata: Metadata = { title: 'Floor' };

export default async function BarePage() {
  // Rendered per request, as every page of the app is.
  await connection();
  return <h1 className="text-2xl font-semibold">Floor</h1>;
}
