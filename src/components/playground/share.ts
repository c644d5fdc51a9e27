/**
 * Code in a link: `#v=1&code=<payload>`, the fragment, so the code never reaches a server.
 *
 * Payload: one format letter, then base64url without padding.
 *   z  raw DEFLATE (CompressionStream 'deflate-raw') of the UTF-8 source — what we write
 *   u  the UTF-8 source itself — written only where CompressionStream is missing
 * `v` is the format version; a link without it is version 1. A later format adds a letter or bumps `v`
 * with a migration here, so old links keep working. Decoding never runs anything: the page only puts the
 * code in the editor.
 */

export const SHARE_VERSION = 1;
/** Links longer than this are refused by some chat tools; we still make them but say so. */
export const LONG_LINK = 8000;
/** A decoded program larger than this is not a program someone shared on purpose. */
const MAX_CODE = 512 * 1024;

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error('not base64url');
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(stream).getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > limit) {
      await reader.cancel();
      throw new Error('too large');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The payload for `code`. */
export async function encodeCode(code: string): Promise<string> {
  const utf8 = new TextEncoder().encode(code);
  if (typeof CompressionStream === 'undefined') return 'u' + toBase64Url(utf8);
  return 'z' + toBase64Url(await pipe(utf8, new CompressionStream('deflate-raw'), Infinity));
}

export async function decodeCode(payload: string): Promise<string> {
  const kind = payload[0];
  const bytes = fromBase64Url(payload.slice(1));
  let utf8: Uint8Array;
  if (kind === 'u') utf8 = bytes;
  else if (kind === 'z') {
    if (typeof DecompressionStream === 'undefined') throw new Error('this browser cannot decompress the link');
    utf8 = await pipe(bytes, new DecompressionStream('deflate-raw'), MAX_CODE);
  } else throw new Error(`unknown format “${kind ?? ''}”`);
  if (utf8.length > MAX_CODE) throw new Error('too large');
  return new TextDecoder('utf-8', { fatal: true }).decode(utf8);
}

/** `#v=1&code=…` for `code`. */
export async function shareFragment(code: string): Promise<string> {
  return `#v=${SHARE_VERSION}&code=${await encodeCode(code)}`;
}

/**
 * Reads a fragment. `null`: there is no shared code in it; `{error}`: there is, but it cannot be read
 * (the page says so and keeps the reader's own code).
 */
export async function readFragment(hash: string): Promise<{ code: string } | { error: string } | null> {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const payload = params.get('code');
  if (payload === null) return null;
  const v = Number(params.get('v') ?? '1');
  if (v !== SHARE_VERSION) return { error: `link version ${params.get('v')} is newer than this page` };
  try {
    return { code: await decodeCode(payload) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}
