/**
 * Checks on the book's text (brief of issue #7), read straight from the MDX files:
 * - every numbered section of the report (2.1 … 4.4) has its heading in both locales;
 * - every <Claim> has a known verdict, an `applies` note and at least one source link;
 * - external links go only to go.dev, pkg.go.dev and github.com/golang;
 * - internal links resolve to a page (and heading, when they carry an anchor) of the same locale;
 * - both locales have the same claims and widgets, in the same order, chapter by chapter.
 */
import { describe, expect, it } from 'vitest';
import GithubSlugger from 'github-slugger';
import { readFileSync } from 'node:fs';
import {
  componentTags,
  fileForRoute,
  frontmatterLinks,
  headings,
  isAllowedExternal,
  linkTargets,
  pages,
  splitFrontmatter,
  stringProps,
  withoutCode,
  type Page,
} from './mdx-scan';

const all = pages();
const byLocale = (locale: Page['locale']) => all.filter((p) => p.locale === locale);
const prose = (p: Page) => withoutCode(splitFrontmatter(p.text).body);
const chapters = byLocale('').filter((p) => /^ch\d/.test(p.slug) || p.slug === 'index');

const VERDICTS = ['correct', 'partly', 'wrong', 'unverifiable', 'off-topic'];

/** The report's numbered sections and the chapter file that holds each. */
const SECTIONS: Record<string, string[]> = {
  'ch2-map-and-gc': ['2.1', '2.2', '2.3', '2.4', '2.5'],
  'ch3-anti-patterns': ['3.1', '3.2', '3.3'],
  'ch4-lifecycle-practice': ['4.1', '4.2', '4.3', '4.4'],
};

/** Components that are widgets: anything imported from the lab or the playground. */
function widgetNames(p: Page): Set<string> {
  const names = new Set<string>();
  const body = splitFrontmatter(p.text).body;
  for (const m of body.matchAll(/^import\s+(.+?)\s+from\s+['"]([^'"]+)['"]/gm)) {
    if (!/components\/(lab|playground)\//.test(m[2])) continue;
    for (const n of m[1].replace(/[{}]/g, ' ').split(/[\s,]+/)) if (/^[A-Z]/.test(n)) names.add(n);
  }
  return names;
}

/** Claims and widgets of a page, as comparable strings: "Claim 1.3", "Compare preset=case-study". */
function skeleton(p: Page): string[] {
  const widgets = widgetNames(p);
  return componentTags(prose(p))
    .filter((t) => t.name === 'Claim' || widgets.has(t.name))
    .map((t) => {
      if (t.name === 'Claim') return `Claim ${t.attrs.id}`;
      const keys = ['id', 'preset', 'scenario', 'mode', 'kind'].filter((k) => k in t.attrs);
      return [t.name, ...keys.map((k) => `${k}=${t.attrs[k]}`)].join(' ');
    });
}

describe('report sections', () => {
  for (const [slug, nums] of Object.entries(SECTIONS)) {
    for (const locale of ['', 'en'] as const) {
      it(`${locale || 'zh'}/${slug} has a heading for each of ${nums.join(', ')}`, () => {
        const page = all.find((p) => p.locale === locale && p.slug === slug);
        expect(page, `${slug} exists`).toBeDefined();
        const hs = headings(prose(page!)).map((h) => h.text);
        for (const n of nums) expect(hs.some((h) => h.startsWith(`${n} `)), `heading "${n} …"`).toBe(true);
      });
    }
  }

  it('every chapter has the same heading levels in both locales', () => {
    for (const p of chapters) {
      const en = all.find((q) => q.locale === 'en' && q.slug === p.slug)!;
      const depths = (q: Page) => headings(prose(q)).map((h) => h.depth);
      expect(depths(en), `heading levels of ${p.slug}`).toEqual(depths(p));
    }
  });
});

describe('claims', () => {
  const claims = all.flatMap((p) =>
    componentTags(prose(p))
      .filter((t) => t.name === 'Claim')
      .map((t) => ({ page: p, tag: t })),
  );

  it('the chapters hold claims at all (the scanner finds them)', () => {
    expect(claims.filter((c) => c.page.slug === 'ch1-case-study').length).toBeGreaterThanOrEqual(12);
  });

  for (const { page, tag } of claims) {
    const where = `${page.file} <Claim id="${tag.attrs.id}">`;
    it(`${where} has a verdict, applies and a source`, () => {
      expect(tag.attrs.id, `${where}: id`).toMatch(/^\d/);
      expect(VERDICTS, `${where}: verdict`).toContain(tag.attrs.verdict);
      expect(tag.attrs.applies?.trim(), `${where}: applies`).toBeTruthy();
      expect(tag.exprAttrs.has('sources'), `${where}: sources={[…]}`).toBe(true);
      const hrefs = stringProps(tag.attrs.sources, 'href');
      const labels = stringProps(tag.attrs.sources, 'label');
      expect(hrefs.length, `${where}: at least one source`).toBeGreaterThan(0);
      expect(labels.length, `${where}: a label per source`).toBe(hrefs.length);
      for (const h of hrefs) expect(isAllowedExternal(h), `${where}: source ${h}`).toBe(true);
    });
  }

  it('claim ids are unique within a page', () => {
    for (const p of all) {
      const ids = componentTags(prose(p))
        .filter((t) => t.name === 'Claim')
        .map((t) => t.attrs.id);
      expect(new Set(ids).size, `${p.file}`).toBe(ids.length);
    }
  });
});

describe('links', () => {
  for (const p of all) {
    const { frontmatter } = splitFrontmatter(p.text);
    const targets = [...linkTargets(prose(p)), ...frontmatterLinks(frontmatter)];

    it(`${p.file}: external links go to allowed hosts only`, () => {
      for (const t of targets.filter((t) => /^[a-z]+:/i.test(t) || t.startsWith('//'))) {
        expect(isAllowedExternal(t), `${p.file}: ${t}`).toBe(true);
      }
    });

    it(`${p.file}: internal links resolve in the same locale`, () => {
      for (const t of targets.filter((t) => t.startsWith('/') && !t.startsWith('//'))) {
        const [path, anchor] = t.split('#');
        expect(path.startsWith('/en/') || path === '/en', `${p.file}: ${t} locale`).toBe(p.locale === 'en');
        const file = fileForRoute(path);
        expect(file, `${p.file}: ${t} has a page`).not.toBeNull();
        if (anchor) {
          const slugger = new GithubSlugger();
          const ids = headings(withoutCode(splitFrontmatter(readFileSync(file!, 'utf8')).body)).map((h) =>
            slugger.slug(h.text.replace(/[`*_]/g, '')),
          );
          expect(ids, `${p.file}: ${t} anchor`).toContain(decodeURIComponent(anchor));
        }
      }
    });

    it(`${p.file}: no relative page links (they break between locales)`, () => {
      for (const t of targets) expect(t.startsWith('../') || t.startsWith('./'), `${p.file}: ${t}`).toBe(false);
    });
  }
});

describe('both locales tell the same story', () => {
  for (const zh of chapters) {
    it(`${zh.slug}: same claims and widgets, same order, same ids`, () => {
      const en = all.find((p) => p.locale === 'en' && p.slug === zh.slug);
      expect(en, `en/${zh.slug}`).toBeDefined();
      expect(skeleton(en!)).toEqual(skeleton(zh));
    });

    it(`${zh.slug}: same number of Go code blocks`, () => {
      const en = all.find((p) => p.locale === 'en' && p.slug === zh.slug)!;
      const count = (p: Page) => (splitFrontmatter(p.text).body.match(/^\s*```go\b/gm) ?? []).length;
      expect(count(en)).toBe(count(zh));
    });
  }
});
