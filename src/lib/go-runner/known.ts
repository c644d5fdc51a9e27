/**
 * Which Go programs the browser runner is known to get wrong, by content hash.
 *
 * playground/conformance/known-differences.json lists the book's programs whose output under the
 * interpreter differs from `go run` (the conformance suite keeps that list true) and the ones too slow
 * for the interpreter's default time limit. Programs are keyed by the SHA-256 of their normalised source,
 * not by file name, so a program keeps its entry wherever it appears (either locale, the playground, a
 * shared link) and loses it as soon as its code changes. scripts/build-runner.mjs writes the same hashes
 * to public/go/manifest.json (`toolchainOnly`, `slow`); RunHere reads them at build time.
 *
 * Normalisation: CRLF → LF, trailing spaces of each line and blank lines at both ends do not count; the
 * result ends with one newline. scripts/build-runner.mjs repeats these few lines (it is plain Node).
 */

export interface KnownDifferences {
  about?: string;
  /** Conformance cases (playground/conformance/cases/…), keyed by path: they are ours and stable. */
  cases: Record<string, { what: string }>;
  /** Book programs whose interpreted output differs, keyed by source hash: why, in English and Chinese. `files` is informative. */
  book: Record<string, { what: string; zh?: string; files?: string[] }>;
  /** Programs that are slow in the interpreter (whether they match or not): measured wall time (Node worker). */
  slow: Record<string, { interpreterMs: number; files?: string[] }>;
}

export function normaliseSource(s: string): string {
  return (
    s
      .replace(/\r\n/g, '\n')
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n')
      .trim() + '\n'
  );
}

/** SHA-256 of the normalised source as lowercase hex (WebCrypto: browsers in secure contexts, Node ≥ 20). */
export async function sourceHash(code: string): Promise<string> {
  const bytes = new TextEncoder().encode(normaliseSource(code));
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** What the UI needs to know about one program. */
export interface Verdict {
  /** The interpreter gets this program wrong: offer the full toolchain instead of "Run here". */
  toolchainOnly: boolean;
  /** Why, in the conformance list's words. */
  what?: string;
  /** Measured interpreter wall time when the program is in the slow tier. */
  interpreterMs?: number;
}

export function verdictFor(hash: string, known: Pick<KnownDifferences, 'book' | 'slow'>, locale: 'en' | 'zh-CN' = 'en'): Verdict {
  const diff = known.book[hash];
  const slow = known.slow[hash];
  const what = diff && (locale === 'zh-CN' && diff.zh ? diff.zh : diff.what);
  return { toolchainOnly: !!diff, what, interpreterMs: slow?.interpreterMs };
}

/** A watchdog long enough for a slow-tier program: three times its measured time, at least `base`. */
export function timeoutFor(v: Verdict, base: number): number {
  return v.interpreterMs ? Math.max(base, Math.ceil((v.interpreterMs * 3) / 1000) * 1000) : base;
}
