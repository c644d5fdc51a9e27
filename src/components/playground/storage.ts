/**
 * Autosave of the reader's code: localStorage, one draft per page (the key holds the page's path).
 *
 * Rules:
 * 1. A draft is `{v: 1, code, savedAt, tab}`; `tab` is a random id of the tab that saved it, so a tab can
 *    tell its own writes from another tab's.
 * 2. Other tabs: the browser fires `storage` in every other tab of the origin when a draft changes. The
 *    page then tells the reader and offers to load that version; nothing is replaced silently. Saving
 *    again from this tab overwrites the other version: the last writer wins, with the notice in between.
 * 3. "Previous code": before the page replaces the editor's code (an example, a shared link, reset), the
 *    code is kept under a second key, so a replacement can always be undone.
 * 4. Storage can be missing or full (private modes, quotas): every call catches and reports `false`.
 */

const PREFIX = 'gomapgclab:playground:v1:';

export interface Draft {
  v: 1;
  code: string;
  savedAt: number;
  tab: string;
}

export const TAB_ID = Math.random().toString(36).slice(2, 10);

export function draftKey(page: string) {
  return PREFIX + page;
}

function parse(raw: string | null): Draft | null {
  if (!raw) return null;
  try {
    const d = JSON.parse(raw) as Partial<Draft>;
    return d && d.v === 1 && typeof d.code === 'string' ? (d as Draft) : null;
  } catch {
    return null;
  }
}

export function loadDraft(key: string): Draft | null {
  try {
    return parse(localStorage.getItem(key));
  } catch {
    return null;
  }
}

export function saveDraft(key: string, code: string): boolean {
  try {
    localStorage.setItem(key, JSON.stringify({ v: 1, code, savedAt: Date.now(), tab: TAB_ID } satisfies Draft));
    return true;
  } catch {
    return false;
  }
}

/** Rule 3. */
export function keepPrevious(key: string, code: string): boolean {
  return saveDraft(key + ':previous', code);
}

export function loadPrevious(key: string): string | null {
  return loadDraft(key + ':previous')?.code ?? null;
}

export function storageWorks(): boolean {
  try {
    const k = PREFIX + 'probe';
    localStorage.setItem(k, '1');
    localStorage.removeItem(k);
    return true;
  } catch {
    return false;
  }
}

/** Rule 2: calls `onOther` with another tab's draft of this page. Returns the unsubscribe function. */
export function watchOtherTabs(key: string, onOther: (d: Draft) => void): () => void {
  const f = (e: StorageEvent) => {
    if (e.key !== key) return;
    const d = parse(e.newValue);
    if (d && d.tab !== TAB_ID) onOther(d);
  };
  addEventListener('storage', f);
  return () => removeEventListener('storage', f);
}
