// axe-core, injected into the page under test (@axe-core/playwright needs Node 22).
// Evaluated through the DevTools protocol, so the page's CSP does not block it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeResult = { violations: { id: string; help: string; nodes: { target: string[] }[] }[] };

/** Every axe violation on the page as it is now, one readable line each (WCAG 2.x A and AA rules, and best practices). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResult> } }).axe.run(document, { resultTypes: ['violations'] }));
  return (result as AxeResult).violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
