/**
 * axe-core in a page of the end-to-end browser: the serious and critical WCAG 2.x A and AA violations,
 * as readable lines, so a failing test names the rule and the elements.
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** `selector`: check only this element and what is inside it, its open shadow root included. */
export async function seriousViolations(page: Page, selector?: string): Promise<string[]> {
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async (within) => {
    const run = (globalThis as unknown as { axe: { run(ctx: unknown, o: object): Promise<{ violations: AxeViolation[] }> } }).axe.run;
    const context = within ? { include: [within] } : document;
    return (await run(context, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations;
  }, selector ?? null);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}
