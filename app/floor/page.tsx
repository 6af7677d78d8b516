import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { getConfig } from '@/server/config';

// The benchmark's bare page (bench/members-scale.ts): the cheapest page this app
// renders on every request (root layout and proxy.ts only; no session, no query), to
// show what a page costs before any of our work. Only when BENCH_FLOOR_PAGE=1;
// otherwise it is a 404.

export const metadata: Metadata = { title: 'Floor' };

export default async function BarePage() {
  // Rendered per request, as every page of the app is (and so never prerendered as a 404).
  await connection();
  if (!getConfig().benchFloorPages) notFound();
  return <h1 className="text-2xl font-semibold">Floor</h1>;
}
