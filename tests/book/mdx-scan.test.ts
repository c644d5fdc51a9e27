// The scanner that the content tests rely on: if it stopped seeing links or tags, those tests would pass
// vacuously, so its behaviour is pinned here on small inputs.
import { describe, expect, it } from 'vitest';
import { componentTags, fileForRoute, isAllowedExternal, linkTargets, stringProps, withoutCode } from './mdx-scan';

describe('mdx-scan', () => {
  it('allows only go.dev, pkg.go.dev and github.com/golang over https', () => {
    expect(isAllowedExternal('https://go.dev/doc/gc-guide#Latency')).toBe(true);
    expect(isAllowedExternal('https://pkg.go.dev/weak')).toBe(true);
    expect(isAllowedExternal('https://github.com/golang/go/issues/20135')).toBe(true);
    expect(isAllowedExternal('https://github.com/golangci/golangci-lint')).toBe(false);
    expect(isAllowedExternal('https://github.com/traefik/yaegi')).toBe(false);
    expect(isAllowedExternal('http://go.dev/')).toBe(false);
    expect(isAllowedExternal('https://example.com/')).toBe(false);
    expect(isAllowedExternal('http://localhost:6060/debug/pprof/')).toBe(false);
  });

  it('finds markdown links, bare URLs and hrefs, but not URLs in code', () => {
    const text = withoutCode(
      [
        'See [the guide](https://go.dev/doc/gc-guide) and https://example.com/x.',
        'Run `curl http://localhost:6060/debug/pprof/trace`.',
        '```sh',
        'curl http://localhost:6060/debug/pprof/heap',
        '```',
        '<a href="/en/lab/">lab</a>',
      ].join('\n'),
    );
    expect(linkTargets(text).sort()).toEqual(['/en/lab/', 'https://example.com/x.', 'https://go.dev/doc/gc-guide'].sort());
  });

  it('parses component tags whose attributes hold nested expressions', () => {
    const src = `<Claim id="1.3" verdict="wrong" applies="all"
      sources={[{ href: 'https://go.dev/a', label: 'a > b' }, { href: "https://go.dev/b", label: '{x}' }]}>
      text <Compare preset="case-study" />`;
    const tags = componentTags(src);
    expect(tags.map((t) => t.name)).toEqual(['Claim', 'Compare']);
    expect(tags[0].attrs.verdict).toBe('wrong');
    expect(stringProps(tags[0].attrs.sources, 'href')).toEqual(['https://go.dev/a', 'https://go.dev/b']);
    expect(stringProps(tags[0].attrs.sources, 'label')).toEqual(['a > b', '{x}']);
    expect(tags[1].attrs.preset).toBe('case-study');
  });

  it('maps routes to page files per locale', () => {
    expect(fileForRoute('/ch1-case-study/')).toMatch(/docs\/ch1-case-study\.mdx$/);
    expect(fileForRoute('/en/ch1-case-study/')).toMatch(/docs\/en\/ch1-case-study\.mdx$/);
    expect(fileForRoute('/en/')).toMatch(/docs\/en\/index\.mdx$/);
    expect(fileForRoute('/no-such-page/')).toBeNull();
  });
});
