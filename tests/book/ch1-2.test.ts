/**
 * Checks specific to chapters 1 and 2 (the report's case study and sections 2.1–2.5), beyond the general
 * rules of content.test.ts:
 *
 * 1. Every claim of the fact check (go-map-gc-facts.md §6) for chapter 1 and 2.x is there once, in order,
 *    with the fact check's verdict, and with the same verdict and sources in both locales.
 * 2. Source links at go1.19.8 / go1.26.8 land where their label says: the linked lines exist in the local
 *    source tree and an identifier of the label occurs in them or in the declaration that encloses them.
 * 3. The Go code is the same in both locales; every complete program passes `go vet` (Go 1.26, and Go 1.19
 *    for those the text runs on 1.19).
 * 4. The programs still print what the chapters quote: the session-map live heaps (1.19 and 1.26), the
 *    escape analysis output (1.19 and 1.26, compared line by line), the scannable heap (1.26) and the
 *    sync.Map heap objects (1.19 and 1.26).
 * Toolchains: `go` must be Go 1.26.x; Go 1.19 at /usr/lib/go-1.19/bin/go. A missing toolchain skips its checks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeBlocks, componentTags, pages, splitFrontmatter, stringProps, withoutCode, type Page } from './mdx-scan';

const SLUGS = ['ch1-case-study', 'ch2-map-and-gc'] as const;
type Slug = (typeof SLUGS)[number];

/** The fact check's verdicts (go-map-gc-facts.md §6), in the report's order. */
const VERDICTS: Record<Slug, [string, string][]> = {
  'ch1-case-study': [
    ['1.1', 'partly'], ['1.2', 'wrong'], ['1.3', 'wrong'], ['1.4', 'correct'], ['1.5', 'wrong'], ['1.6', 'unverifiable'],
    ['1.7', 'correct'], ['1.8', 'partly'], ['1.9', 'correct'], ['1.10', 'partly'], ['1.11', 'unverifiable'], ['1.12', 'correct'],
  ],
  'ch2-map-and-gc': [
    ['2.1.1', 'correct'], ['2.1.2', 'wrong'], ['2.1.3', 'wrong'], ['2.1.4', 'partly'], ['2.1.5', 'wrong'], ['2.1.6', 'correct'],
    ['2.1.7', 'wrong'], ['2.1.8', 'correct'], ['2.1.9', 'wrong'],
    ['2.2.1', 'unverifiable'], ['2.2.2', 'correct'], ['2.2.3', 'wrong'], ['2.2.4', 'correct'], ['2.2.5', 'wrong'], ['2.2.6', 'partly'],
    ['2.3.1', 'partly'], ['2.3.2', 'wrong'], ['2.3.3', 'partly'], ['2.3.4', 'wrong'], ['2.3.5', 'wrong'], ['2.3.6', 'partly'],
    ['2.4.1', 'wrong'], ['2.4.2', 'wrong'], ['2.4.3', 'partly'], ['2.4.4', 'wrong'], ['2.4.5', 'unverifiable'], ['2.4.6', 'wrong'],
    ['2.5.1', 'partly'], ['2.5.2', 'correct'], ['2.5.3', 'wrong'], ['2.5.4', 'wrong'], ['2.5.5', 'partly'], ['2.5.6', 'unverifiable'],
    ['2.5.7', 'wrong'],
  ],
};

const all = pages();
const page = (locale: Page['locale'], slug: Slug) => all.find((p) => p.locale === locale && p.slug === slug)!;
const prose = (p: Page) => withoutCode(splitFrontmatter(p.text).body);
const claims = (p: Page) => componentTags(prose(p)).filter((t) => t.name === 'Claim');
const blocks = (p: Page, lang: string) => codeBlocks(splitFrontmatter(p.text).body).filter((b) => b.lang === lang);
const isProgram = (code: string) => /^package main\b/m.test(code) && /^func main\(\)/m.test(code);

describe('chapters 1–2: claims', () => {
  for (const slug of SLUGS) {
    it(`${slug}: the fact check's claims, in order, with its verdicts, in both locales`, () => {
      for (const locale of ['', 'en'] as const) {
        const got = claims(page(locale, slug)).map((t) => [t.attrs.id, t.attrs.verdict]);
        expect(got, `${locale || 'zh'}/${slug}`).toEqual(VERDICTS[slug]);
      }
    });

    it(`${slug}: each claim has the same sources and applies-note shape in both locales`, () => {
      const zh = claims(page('', slug));
      const en = claims(page('en', slug));
      zh.forEach((t, i) => {
        expect(stringProps(en[i].attrs.sources, 'href'), `claim ${t.attrs.id}`).toEqual(stringProps(t.attrs.sources, 'href'));
        // "≤1.23", "1.24+" and the like must agree between the two notes.
        const versions = (s: string) => (s.match(/\d+\.\d+\+?/g) ?? []).sort();
        expect(versions(en[i].attrs.applies), `claim ${t.attrs.id} applies`).toEqual(versions(t.attrs.applies));
      });
    });
  }
});

// ---------------------------------------------------------------- toolchains

const GO119 = '/usr/lib/go-1.19/bin/go';
const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod', GOPROXY: 'off' };

function goInfo(bin: string): { version: string; root: string } | null {
  const r = spawnSync(bin, ['env', 'GOVERSION', 'GOROOT'], { encoding: 'utf8', env: goEnv });
  if (r.status !== 0) return null;
  const [version, root] = r.stdout.trim().split('\n');
  return { version, root };
}
const go126 = goInfo('go');
const go119 = existsSync(GO119) ? goInfo(GO119) : null;
const has126 = go126?.version.startsWith('go1.26') ?? false;
const has119 = go119?.version === 'go1.19.8';

// ---------------------------------------------------------------- source links

interface SourceLink {
  tag: string;
  path: string;
  from: number;
  to: number;
  labels: string[];
}

function sourceLinks(slug: Slug): SourceLink[] {
  const out = new Map<string, SourceLink>();
  for (const locale of ['', 'en'] as const) {
    for (const t of claims(page(locale, slug))) {
      const hrefs = stringProps(t.attrs.sources, 'href');
      const labels = stringProps(t.attrs.sources, 'label');
      hrefs.forEach((href, i) => {
        const m = /^https:\/\/github\.com\/golang\/go\/blob\/(go1\.(?:19|26)\.8)\/(src\/[^#]+)#L(\d+)(?:-L(\d+))?$/.exec(href);
        if (!m) return;
        const l = out.get(href) ?? { tag: m[1], path: m[2], from: +m[3], to: +(m[4] ?? m[3]), labels: [] };
        l.labels.push(labels[i]);
        out.set(href, l);
      });
    }
  }
  return [...out.values()];
}

const STOP = new Set(['runtime', 'internal', 'maps', 'sync', 'src', 'go', 'the', 'and', 'for', 'with', 'in', 'of', 'a', 'an', 'to']);

/** Identifiers a label names: Go-looking words that are not the file path or the version. */
function labelIdents(label: string): string[] {
  const noPath = label.replace(/\S+\.go\b/g, ' ').replace(/go1\.\d+\.\d+/g, ' ');
  return [...noPath.matchAll(/[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?/g)]
    .map((m) => m[0])
    .flatMap((w) => [w, ...w.split('.')])
    .filter((w) => w.length >= 3 && !STOP.has(w.toLowerCase()) && /[a-z]/.test(w) && (/[A-Z_]/.test(w) || /^[a-z]+[A-Z]/.test(w) || /^[a-z]+$/.test(w)));
}

describe('chapters 1–2: Go source links land where their labels say', () => {
  for (const slug of SLUGS) {
    const links = sourceLinks(slug);
    it(`${slug}: links to both go1.19.8 and go1.26.8 sources`, () => {
      expect(new Set(links.map((l) => l.tag))).toEqual(new Set(['go1.19.8', 'go1.26.8']));
    });
    for (const l of links) {
      const root = l.tag === 'go1.19.8' ? (has119 ? go119!.root : null) : has126 && go126!.version === l.tag ? go126!.root : null;
      it.skipIf(!root)(`${slug}: ${l.tag} ${l.path}#L${l.from}${l.to !== l.from ? '-L' + l.to : ''} (${l.labels[0]})`, () => {
        const file = join(root!, l.path.replace(/^src\//, 'src/'));
        expect(existsSync(file), file).toBe(true);
        const lines = readFileSync(file, 'utf8').split('\n');
        expect(l.to, 'last linked line exists').toBeLessThanOrEqual(lines.length);
        expect(l.from).toBeLessThanOrEqual(l.to);
        // The linked lines, a few before them, and the declaration that encloses them.
        let decl = l.from - 1;
        while (decl > 0 && !/^(func|type|const|var|package)\b/.test(lines[decl])) decl--;
        const window = [lines[decl], ...lines.slice(Math.max(0, l.from - 4), l.to)].join('\n');
        const idents = [...new Set(l.labels.flatMap(labelIdents))];
        expect(idents.length, `identifiers in "${l.labels.join(' / ')}"`).toBeGreaterThan(0);
        expect(
          idents.some((w) => window.includes(w)),
          `one of ${idents.join(', ')} in ${l.path}:${l.from}-${l.to} (enclosing: ${lines[decl].trim()})`,
        ).toBe(true);
      });
    }
  }
});

// ---------------------------------------------------------------- programs

interface Program {
  id: string;
  code: string;
}
function programs(slug: Slug, locale: Page['locale']): Program[] {
  return blocks(page(locale, slug), 'go')
    .filter((b) => isProgram(b.code))
    .map((b, i) => ({ id: `${slug.slice(0, 3)}p${i + 1}`, code: b.code.endsWith('\n') ? b.code : b.code + '\n' }));
}

describe('chapters 1–2: code is the same in both locales', () => {
  for (const slug of SLUGS) {
    it(`${slug}: Go and text blocks are identical zh/en`, () => {
      for (const lang of ['go', 'text']) {
        expect(blocks(page('en', slug), lang).map((b) => b.code), lang).toEqual(blocks(page('', slug), lang).map((b) => b.code));
      }
    });
  }
});

/** A temporary module with each program in its own directory: one `go vet ./...` covers them all. */
let dir = '';
const progs = [...programs('ch1-case-study', ''), ...programs('ch2-map-and-gc', '')];
const byStart = (s: string) => progs.find((p) => p.code.includes(s))!;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'book-ch12-'));
  writeFileSync(join(dir, 'go.mod'), 'module book\n\ngo 1.21\n');
  for (const p of progs) {
    mkdirSync(join(dir, p.id));
    writeFileSync(join(dir, p.id, 'main.go'), p.code);
  }
  return () => rmSync(dir, { recursive: true, force: true });
});

function run(bin: string, args: string[], cwd: string): string {
  const r = spawnSync(bin, args, { cwd, env: goEnv, encoding: 'utf8', timeout: 170_000 });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return r.stdout + r.stderr;
}

describe.skipIf(!has126)('chapters 1–2: the programs compile, vet and print what the text says', () => {
  it('finds the programs the chapters are built on', () => {
    expect(progs.length).toBe(5);
  });

  it('go vet (Go 1.26) passes for every program', () => {
    run('go', ['vet', './...'], dir);
  });

  it.skipIf(!has119)('go vet (Go 1.19) passes for the programs the text runs on Go 1.19', () => {
    const dir119 = mkdtempSync(join(tmpdir(), 'book-ch12-119-'));
    try {
      writeFileSync(join(dir119, 'go.mod'), 'module book\n\ngo 1.19\n');
      for (const marker of ['flagExpired', 'Time to stop the world', 'Case A of the report', 'What a sync.Map costs']) {
        const p = byStart(marker);
        mkdirSync(join(dir119, p.id));
        writeFileSync(join(dir119, p.id, 'main.go'), p.code);
      }
      run(GO119, ['vet', './...'], dir119);
    } finally {
      rmSync(dir119, { recursive: true, force: true });
    }
  });

  /** "flagged only len=100000 live heap 37.0 MiB" → { 'flagged only': 37.0, … } */
  function sessionHeaps(out: string): Record<string, number> {
    const m: Record<string, number> = {};
    for (const x of out.matchAll(/^(flagged only|deleted|rebuilt)\s+len=\s*(\d+)\s+live heap\s+([\d.]+) MiB$/gm)) m[x[1]] = +x[3];
    return m;
  }
  const sessionsTable = (locale: Page['locale']) => {
    const p = page(locale, 'ch1-case-study');
    const row = (re: RegExp) => {
      const line = splitFrontmatter(p.text).body.split('\n').find((l) => re.test(l));
      expect(line, `table row ${re}`).toBeDefined();
      return [...line!.matchAll(/([\d.]+) MiB/g)].map((x) => +x[1]);
    };
    return {
      'flagged only': row(/^\| (只打标记|only flagged)/),
      deleted: row(/^\| (`delete` 过期会话|expired sessions `delete`d)/),
      rebuilt: row(/^\| (`delete` 后重建|`delete`d, then rebuilt)/),
    };
  };

  it('chapter 1: the session map program prints the live heaps of the table (Go 1.26)', () => {
    const p = byStart('flagExpired');
    const got = sessionHeaps(run('go', ['run', './' + p.id], dir));
    for (const locale of ['', 'en'] as const) {
      const table = sessionsTable(locale);
      for (const state of ['flagged only', 'deleted', 'rebuilt'] as const) {
        expect(Math.abs(got[state] - table[state][1]), `${state}: ${got[state]} vs ${table[state][1]} MiB`).toBeLessThanOrEqual(0.3);
      }
    }
    // The point of the table: delete frees most of it, the rebuild frees the map's storage.
    expect(got['deleted']).toBeLessThan(got['flagged only'] / 3);
    expect(got['rebuilt']).toBeLessThan(got['deleted']);
  });

  it.skipIf(!has119)('chapter 1: the session map program prints the live heaps of the table (Go 1.19)', () => {
    const p = byStart('flagExpired');
    const d = mkdtempSync(join(tmpdir(), 'book-sessions-119-'));
    try {
      writeFileSync(join(d, 'go.mod'), 'module sessions\n\ngo 1.19\n');
      writeFileSync(join(d, 'main.go'), p.code);
      const got = sessionHeaps(run(GO119, ['run', '.'], d));
      const table = sessionsTable('');
      for (const state of ['flagged only', 'deleted', 'rebuilt'] as const) {
        expect(Math.abs(got[state] - table[state][0]), `${state}: ${got[state]} vs ${table[state][0]} MiB`).toBeLessThanOrEqual(0.3);
      }
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  /** Escape analysis as the chapter prints it: build the program alone as package "escape". */
  function escapeOutput(bin: string): string[] {
    const p = byStart('Case A of the report');
    const d = mkdtempSync(join(tmpdir(), 'escape-'));
    try {
      writeFileSync(join(d, 'go.mod'), 'module escape\n\ngo 1.19\n');
      writeFileSync(join(d, 'main.go'), p.code);
      return run(bin, ['build', '-o', join(d, 'bin'), '-gcflags=-m', '.'], d).trim().split('\n');
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  }
  const quotedEscape = (version: string) => {
    const ch2 = page('', 'ch2-map-and-gc');
    const body = splitFrontmatter(ch2.text).body;
    // The text block that follows the Figure whose detail names this version.
    const at = body.search(new RegExp(`detail="${version.replace(/\./g, '\\.')} linux/amd64[^"]*gcflags=-m`));
    expect(at, `figure for ${version}`).toBeGreaterThan(0);
    const block = codeBlocks(body.slice(at)).find((b) => b.lang === 'text')!;
    return block.code.trim().split('\n');
  };

  it('chapter 2: the escape analysis output quoted for Go 1.26 is what go1.26 prints', () => {
    expect(escapeOutput('go')).toEqual(quotedEscape('go1.26.8'));
  });

  it.skipIf(!has119)('chapter 2: the escape analysis output quoted for Go 1.19 is what go1.19 prints', () => {
    expect(escapeOutput(GO119)).toEqual(quotedEscape('go1.19.8'));
  });

  it('chapter 2: the scan-work program gives the scannable heaps of the figure (Go 1.26)', () => {
    const p = byStart('How much of a map the GC has to scan');
    const out = run('go', ['run', './' + p.id], dir);
    const rows = Object.fromEntries(
      [...out.matchAll(/^(.+?)\s+len=\s*\d+\s+live heap\s+([\d.]+) MiB\s+scannable\s+([\d.]+) MiB$/gm)].map((m) => [m[1].trim(), [+m[2], +m[3]]]),
    );
    expect(Object.keys(rows)).toHaveLength(4);
    const [fullLive, fullScan] = rows['map[int64]*T full'];
    const [delLive, delScan] = rows['map[int64]*T 99% deleted'];
    const [rebLive, rebScan] = rows['map[int64]*T rebuilt'];
    const [intLive, intScan] = rows['map[int64]int64 full'];
    // The figure: 59.0 / 43.5–58, 36.3 / 36.0–36.3, 0.6 / 0.4–0.6, 36.1 / 0.1–0.2 MiB. The full map's scannable heap
    // varies from run to run and by CPU (Green Tea counts 8 or 24 bytes of scan work per *T, by how it scans each
    // span), but it is always the group arrays (~36 MiB) plus at least the pointer word of every *T.
    expect(Math.abs(fullLive - 59.0)).toBeLessThanOrEqual(0.5);
    expect(fullScan).toBeGreaterThan(42);
    expect(fullScan).toBeLessThanOrEqual(fullLive);
    expect(Math.abs(delLive - 36.3)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(delScan - 36.3)).toBeLessThanOrEqual(0.5);
    expect(rebLive).toBeLessThan(1);
    expect(rebScan).toBeLessThan(1);
    expect(Math.abs(intLive - 36.1)).toBeLessThanOrEqual(0.5);
    expect(intScan).toBeLessThan(0.5);
  });

  /** "  stored  live heap 68.0 MB  heap objects 1001782  runtime.GC() 70ms" → objects per step */
  function syncMapObjects(bin: string, impl: string): Record<string, number> {
    const p = byStart('What a sync.Map costs');
    const d = mkdtempSync(join(tmpdir(), 'syncmap-'));
    try {
      writeFileSync(join(d, 'go.mod'), 'module syncmap\n\ngo 1.19\n');
      writeFileSync(join(d, 'main.go'), p.code);
      const out = run(bin, ['run', '.', '-impl', impl], d);
      return Object.fromEntries([...out.matchAll(/^\s+(stored|90% deleted)\s+live heap\s+[\d.]+ MB\s+heap objects\s+(\d+)/gm)].map((m) => [m[1], +m[2]]));
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  }
  const near = (got: number, want: number) => Math.abs(got - want) / want < 0.01;

  it('chapter 2: sync.Map holds the heap objects of the figure (Go 1.26: deleted entries are freed)', () => {
    const mutex = syncMapObjects('go', 'mutex');
    const sm = syncMapObjects('go', 'syncmap');
    expect(near(mutex['stored'], 1_001_780), `${mutex['stored']}`).toBe(true);
    expect(near(sm['stored'], 2_164_400), `${sm['stored']}`).toBe(true);
    expect(near(sm['90% deleted'], 258_800), `${sm['90% deleted']}`).toBe(true);
  });

  it.skipIf(!has119)('chapter 2: sync.Map holds the heap objects of the figure (Go 1.19: deleted keys linger)', () => {
    const sm = syncMapObjects(GO119, 'syncmap');
    expect(near(sm['stored'], 2_499_619), `${sm['stored']}`).toBe(true);
    expect(near(sm['90% deleted'], 850_152), `${sm['90% deleted']}`).toBe(true);
  });
});
