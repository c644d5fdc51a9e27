import { describe, expect, it } from 'vitest';
import { CSP_DIRECTIVES, externalizeScripts } from '../../integrations/strict-csp.mjs';

describe('strict CSP post-build step', () => {
  const page =
    '<html><head><script>document.documentElement.dataset.theme = "dark";</script>' +
    '<script type="module" src="/_astro/a.js"></script></head><body>' +
    '<script type="module">import "/x.js";</script><script type="application/json">{"a":1}</script>' +
    '<script aria-hidden="true">var a = 1;</script></body></html>';
  const { html, files } = externalizeScripts(page);

  it('moves every inline script into a content-named file, keeping its attributes', () => {
    expect(files.size).toBe(3);
    expect(html).toMatch(/<script src="\/_csp\/[0-9a-f]{16}\.js"><\/script>/);
    expect(html).toMatch(/<script type="module" src="\/_csp\/[0-9a-f]{16}\.js"><\/script>/);
    expect(html).toMatch(/<script aria-hidden="true" src="\/_csp\/[0-9a-f]{16}\.js"><\/script>/);
    expect([...files.values()]).toContain('document.documentElement.dataset.theme = "dark";');
  });

  it('leaves external scripts and data blocks alone', () => {
    expect(html).toContain('<script type="module" src="/_astro/a.js"></script>');
    expect(html).toContain('<script type="application/json">{"a":1}</script>');
  });

  it('adds the policy first in <head>, without unsafe-inline scripts', () => {
    expect(html.startsWith('<html><head><meta http-equiv="Content-Security-Policy"')).toBe(true);
    const scriptSrc = CSP_DIRECTIVES.find((d) => d.startsWith('script-src'));
    expect(scriptSrc).toBe("script-src 'self' 'wasm-unsafe-eval'");
  });
});
