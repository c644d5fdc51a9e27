/**
 * Links saved by readers must keep opening (issue #8, "state that lasts"). These are version-1 links as the
 * site writes them, kept here verbatim: the lab's query string (src/components/lab/state/url.ts) and the
 * playground's code fragment (src/components/playground/share.ts). A change of format that forgets a
 * migration, renames a field or drops a syntax breaks them, and these tests.
 */
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState, URL_VERSION } from '../../src/components/lab/state/url';
import { parseLenient } from '../../src/components/lab/state/lenient';
import { readFragment, shareFragment } from '../../src/components/playground/share';

/** What the lab's "copy link" wrote in version 1 for a hand-set scenario (every field of A). */
const LAB_V1_FULL =
  'v=1&impl=swiss&key=int64&value=ptr256&n=200000&hint=0&deleteRatio=0.5&rebuild.threshold=0.3&rebuild.hint=half&churn=off' +
  '&gogc=-1&gomemlimit=536870912&gomaxprocs=4&forcedGcRuns=3&seed=7&backgroundAlloc=off';
/** A preset link with changes to A and to B, and a view list, as version 1 wrote it. */
const LAB_V1_PRESET = 'v=1&preset=case-fix&gogc=200&b.gomaxprocs=8&views=compare,heap';

/** The playground's share links for this program, version 1: deflated (`z`) and plain (`u`). */
const PROGRAM = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tm := map[string]int{"删除": 1}\n\tdelete(m, "删除")\n\tfmt.Println(len(m), "entries left")\n}\n';
const SHARE_V1_Z =
  '#v=1&code=zNcmxCsIwEADQOfcVR6YERHAt-A_u4hDaSznMnSE9p9K9v9DNwV9z8C8UwfW9mvprGgklsQKw1Fsz9FnMA-S79r8IEWdwgt0RJdXzZI11vLDa7F_r4709fYeHBdxAhYyC7PDvEVwW258aqxUNhTRI_DapNaYJC2XzERb4AA';
const SHARE_V1_U =
  '#v=1&code=ucGFja2FnZSBtYWluCgppbXBvcnQgImZtdCIKCmZ1bmMgbWFpbigpIHsKCW0gOj0gbWFwW3N0cmluZ11pbnR7IuWIoOmZpCI6IDF9CglkZWxldGUobSwgIuWIoOmZpCIpCglmbXQuUHJpbnRsbihsZW4obSksICJlbnRyaWVzIGxlZnQiKQp9Cg';

describe('a saved version-1 lab link', () => {
  it('opens with every field as it was written, and no note', () => {
    const { state, notes } = decodeState(LAB_V1_FULL);
    expect(notes).toEqual([]);
    const a = parseLenient(state.a);
    expect(a.notes).toEqual([]);
    expect(a.scenario).toMatchObject({
      impl: 'swiss',
      key: 'int64',
      value: 'ptr256',
      n: 200_000,
      hint: 0,
      deleteRatio: 0.5,
      rebuild: { threshold: 0.3, hint: 'half' },
      churn: null,
      gogc: -1,
      gomemlimit: 536_870_912,
      gomaxprocs: 4,
      forcedGcRuns: 3,
      seed: 7,
      backgroundAlloc: null,
    });
    expect(state.b).toBeNull();
  });

  it('opens a preset with its changes to A and B and its views', () => {
    const { state, notes } = decodeState(LAB_V1_PRESET);
    expect(notes).toEqual([]);
    expect(state.preset).toBe('case-fix');
    expect(state.views).toEqual(['compare', 'heap']);
    const a = parseLenient(state.a);
    const b = parseLenient(state.b!);
    expect([...a.notes, ...b.notes]).toEqual([]);
    expect(a.scenario.gogc).toBe(200);
    expect(a.scenario.churn?.delete).toBe(false);
    expect(b.scenario.gogc).toBe(200);
    expect(b.scenario.gomaxprocs).toBe(8);
    expect(b.scenario.churn?.delete).toBe(true);
  });

  it('is what the current version writes for the same state, apart from the version', () => {
    // While URL_VERSION is 1 the link round-trips exactly; after a bump, MIGRATIONS must bring it here.
    const { state } = decodeState(LAB_V1_PRESET);
    const again = new URLSearchParams(encodeState(state));
    expect(again.get('v')).toBe(String(URL_VERSION));
    const { state: back, notes } = decodeState(again);
    expect(notes).toEqual([]);
    expect(parseLenient(back.b!).scenario).toEqual(parseLenient(state.b!).scenario);
  });
});

describe('a saved version-1 playground link', () => {
  it('opens the deflated and the plain form to the same program, byte for byte', async () => {
    expect(await readFragment(SHARE_V1_Z)).toEqual({ code: PROGRAM });
    expect(await readFragment(SHARE_V1_U)).toEqual({ code: PROGRAM });
  });

  it('is read back from what the page writes today', async () => {
    const fragment = await shareFragment(PROGRAM);
    expect(fragment).toMatch(/^#v=1&code=z/);
    expect(await readFragment(fragment)).toEqual({ code: PROGRAM });
  });

  it('refuses a newer version with a message instead of guessing', async () => {
    expect(await readFragment(SHARE_V1_Z.replace('v=1', 'v=2'))).toEqual({ error: 'link version 2 is newer than this page' });
  });
});
