import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import type { AxeResults, Result } from 'axe-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Starlight's search button shows its shortcut (<kbd>Ctrl K</kbd>) beside the label "Search", and axe
 * counts the hint as label text (label-content-name-mismatch). The visible label is in the accessible
 * name, which is what WCAG 2.5.3 asks, so that one node is excused from that one rule; nothing else is.
 */
function excused(v: Result) {
  return v.id === 'label-content-name-mismatch' && v.nodes.every((n) => n.html.startsWith('<button data-open-modal'));
}

/**
 * Runs axe-core inside the page and returns the serious and critical violations.
 * The source is evaluated rather than added as a <script> tag, so the site's CSP does not block it.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Expressive Code makes code blocks that scroll sideways keyboard-focusable from a script; on a busy
  // machine axe could run before it, and report scrollable-region-focusable for a page that is fine.
  // If it never happens, axe runs anyway and reports the block, which says more than a timeout would.
  await page
    .waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLElement>('.expressive-code pre')].every(
          (pre) => pre.offsetParent === null || pre.scrollWidth <= pre.clientWidth || pre.hasAttribute('tabindex'),
        ),
      undefined,
      { timeout: 10_000 },
    )
    .catch(() => {});
  await page.evaluate(axeSource);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<AxeResults> } }).axe.run(document, {
      resultTypes: ['violations'],
    }),
  );
  return results.violations
    .filter((v) => (v.impact === 'serious' || v.impact === 'critical') && !excused(v))
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
