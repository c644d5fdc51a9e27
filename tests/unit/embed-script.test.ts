/**
 * /embed/map-gc-lab.js as the build writes it (`embedScript`): one classic script, no module syntax, no
 * globals left in the host page, the five elements defined once however often it is loaded, and nothing
 * done where there are no custom elements. The elements in a real page: tests/e2e/embed.spec.ts.
 */
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { embedScript } from '../../src/embed/build-script';
import { WIDGETS } from '../../src/embed/map-gc-lab';

const script = embedScript(readFileSync(new URL('../../src/embed/map-gc-lab.ts', import.meta.url), 'utf8'));

/** Just enough of a page for the script's start-up: custom elements, the current script, the location. */
function fakePage() {
  const defined = new Map<string, unknown>();
  return {
    defined,
    context: {
      URL,
      URLSearchParams,
      HTMLElement: class {},
      MutationObserver: class {},
      customElements: {
        get: (n: string) => defined.get(n),
        define: (n: string, c: unknown) => {
          if (defined.has(n)) throw new Error(`${n} defined twice`);
          defined.set(n, c);
        },
      },
      document: { currentScript: { src: 'https://lab.example/embed/map-gc-lab.js' }, documentElement: { lang: 'en' } },
      location: { href: 'https://docs.example/page.html', origin: 'https://docs.example' },
    } as Record<string, unknown>,
  };
}

describe('the built embed script', () => {
  it('is a classic script: no import or export left', () => {
    expect(script).not.toMatch(/^\s*(import|export)\b/m);
    expect(() => new vm.Script(script)).not.toThrow();
  });

  it('defines the five elements once, even when loaded twice, and adds no globals', () => {
    const { defined, context } = fakePage();
    const before = Object.keys(context).sort();
    vm.createContext(context);
    vm.runInContext(script, context);
    vm.runInContext(script, context);
    expect([...defined.keys()].sort()).toEqual(Object.keys(WIDGETS).sort());
    expect(Object.keys(context).sort()).toEqual(before);
  });

  it('does nothing where there are no custom elements', () => {
    const context: Record<string, unknown> = { URL, URLSearchParams };
    vm.createContext(context);
    expect(() => vm.runInContext(script, context)).not.toThrow();
    expect(Object.keys(context).sort()).toEqual(['URL', 'URLSearchParams']);
  });
});
