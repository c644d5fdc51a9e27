import { test, expect } from '@playwright/test';
import { allPaths } from './helpers';

// Every page carries the strict policy, has no inline script left, and triggers no CSP violation.
for (const path of allPaths) {
  test(`${path} has a strict CSP and no inline scripts`, async ({ page }) => {
    const violations: string[] = [];
    await page.exposeFunction('__reportCsp', (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { __reportCsp: (s: string) => void }).__reportCsp(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    await page.goto(path, { waitUntil: 'networkidle' });
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    const inline = await page.locator('script:not([src])').evaluateAll((ss) =>
      ss.filter((s) => !/json/.test(s.getAttribute('type') ?? '') && s.textContent!.trim() !== '').length,
    );
    expect(inline).toBe(0);
    expect(violations).toEqual([]);
  });
}
