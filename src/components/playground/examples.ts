/**
 * The playground's programs: interpreted examples (their sources are playground/conformance/examples/*.go,
 * run against `go run` by the conformance suite; Playground.astro reads them at build time) and the
 * compiled experiments of playground/experiments/ with their flags. A test checks every flag here
 * against the experiment's `flag.X("name", default, …)` call, so the form cannot drift from the program.
 */

export type Bilingual = { en: string; zh: string };

export interface InterpExample {
  kind: 'interp';
  id: string;
  title: Bilingual;
  /** File under playground/conformance/examples/. */
  file: string;
}

export type Param =
  | { name: string; type: 'int' | 'float'; default: number; min: number; max: number; step?: number; label: Bilingual }
  | { name: string; type: 'choice'; default: string; options: string[]; label: Bilingual }
  | { name: string; type: 'bool'; default: boolean; label: Bilingual }
  | { name: string; type: 'string'; default: string; label: Bilingual };

export interface ExactExample {
  kind: 'exact';
  id: string;
  /** Directory under playground/experiments/ and key in manifest.json's `experiments`. */
  experiment: string;
  title: Bilingual;
  about: Bilingual;
  params: Param[];
}

export type Example = InterpExample | ExactExample;

export const INTERP_EXAMPLES: InterpExample[] = [
  { kind: 'interp', id: 'maps-gc', file: 'maps-gc.go', title: { en: 'Delete does not shrink a map', zh: '删除不会让 map 变小' } },
  { kind: 'interp', id: 'gogc', file: 'gogc.go', title: { en: 'GOGC and the number of GC cycles', zh: 'GOGC 与 GC 周期数' } },
  { kind: 'interp', id: 'panic', file: 'panic.go', title: { en: 'A panic, recovered and not', zh: 'panic：被恢复与未被恢复' } },
];

export const DEFAULT_EXAMPLE = 'maps-gc';

export const EXACT_EXAMPLES: ExactExample[] = [
  {
    kind: 'exact',
    id: 'exp-casestudy',
    experiment: 'casestudy',
    title: { en: 'Case study: flag, delete or rebuild expired sessions', zh: '案例：过期会话——标记、删除还是重建' },
    about: {
      en: 'The report’s session store map[string]*Session with most sessions expired, treated three ways, each in a fresh map: flagged and kept, deleted, deleted then rebuilt. After each, a forced GC and the live heap.',
      zh: '报告中的会话表 map[string]*Session，大部分会话已过期，分别用三种方式处理（每种都用新的 map）：只打标记、删除、删除后重建。每种之后强制 GC 并报告存活堆。',
    },
    params: [
      { name: 'n', type: 'int', default: 200000, min: 1000, max: 2000000, step: 1000, label: { en: 'sessions', zh: '会话数' } },
      { name: 'expired', type: 'float', default: 0.9, min: 0, max: 1, step: 0.05, label: { en: 'fraction expired', zh: '过期比例' } },
      { name: 'strategy', type: 'choice', default: 'all', options: ['all', 'flag', 'delete', 'rebuild'], label: { en: 'strategy', zh: '策略' } },
      { name: 'gcruns', type: 'int', default: 3, min: 1, max: 20, label: { en: 'timed runtime.GC() calls', zh: '计时的 runtime.GC() 次数' } },
    ],
  },
  {
    kind: 'exact',
    id: 'exp-deleteratio',
    experiment: 'deleteratio',
    title: { en: 'Deletion ratio and rebuild', zh: '删除比例与重建' },
    about: {
      en: 'Insert n keys, delete a fraction (oldest first), force a GC, then optionally rebuild into a new map sized by a hint. The phases are the simulator’s, so the numbers can be set beside the lab’s.',
      zh: '插入 n 个键，按从旧到新删除一部分，强制 GC，然后可选地按容量提示重建到新 map。阶段与模拟器相同，数字可以与实验室对照。',
    },
    params: [
      { name: 'n', type: 'int', default: 200000, min: 1000, max: 2000000, step: 1000, label: { en: 'keys', zh: '键数' } },
      { name: 'ratio', type: 'float', default: 0.9, min: 0, max: 1, step: 0.05, label: { en: 'fraction deleted', zh: '删除比例' } },
      { name: 'value', type: 'choice', default: 'ptr64', options: ['ptr64', 'struct64'], label: { en: 'value type', zh: '值类型' } },
      { name: 'hint', type: 'choice', default: 'live', options: ['live', 'half'], label: { en: 'rebuild hint', zh: '重建容量提示' } },
      { name: 'rebuild', type: 'bool', default: true, label: { en: 'rebuild after deleting', zh: '删除后重建' } },
      { name: 'gcruns', type: 'int', default: 3, min: 1, max: 20, label: { en: 'timed runtime.GC() calls', zh: '计时的 runtime.GC() 次数' } },
    ],
  },
  {
    kind: 'exact',
    id: 'exp-swiss',
    experiment: 'swiss',
    title: { en: 'How a Swiss-table map grows', zh: 'Swiss table map 如何增长' },
    about: {
      en: 'Reads the running map’s own header and tables (Go 1.24–1.26 layout) while keys are inserted: directory, global depth, each table’s capacity, used slots, growthLeft.',
      zh: '在插入键的过程中读取运行中 map 自身的头部和各个 table（Go 1.24–1.26 的布局）：directory、global depth、每个 table 的容量、已用槽位、growthLeft。',
    },
    params: [
      { name: 'n', type: 'int', default: 20000, min: 8, max: 1000000, label: { en: 'largest size', zh: '最大元素数' } },
      { name: 'sizes', type: 'string', default: '', label: { en: 'sizes to report at (comma-separated, empty: powers of two)', zh: '报告的元素数（逗号分隔，留空为 2 的幂）' } },
    ],
  },
  {
    kind: 'exact',
    id: 'exp-syncmap',
    experiment: 'syncmap',
    title: { en: 'sync.Map or a map with RWMutex', zh: 'sync.Map 还是 map 加 RWMutex' },
    about: {
      en: 'The heap each holds for the same entries, the GC work that follows, and a read-mostly workload on g goroutines (on js/wasm they share one P).',
      zh: '同样的条目各自占用的堆、随之而来的 GC 工作，以及 g 个 goroutine 上以读为主的负载（在 js/wasm 上它们共享一个 P）。',
    },
    params: [
      { name: 'n', type: 'int', default: 100000, min: 100, max: 1000000, label: { en: 'entries', zh: '条目数' } },
      { name: 'ops', type: 'int', default: 200000, min: 1000, max: 2000000, label: { en: 'operations per goroutine', zh: '每个 goroutine 的操作数' } },
      { name: 'g', type: 'int', default: 4, min: 1, max: 64, label: { en: 'goroutines', zh: 'goroutine 数' } },
      { name: 'writes', type: 'float', default: 0.1, min: 0, max: 1, step: 0.05, label: { en: 'fraction of writes', zh: '写操作比例' } },
    ],
  },
  {
    kind: 'exact',
    id: 'exp-stwspike',
    experiment: 'stwspike',
    title: { en: 'Time to stop while a goroutine churns a map', zh: '一个 goroutine 反复改写 map 时的停顿' },
    about: {
      en: 'A goroutine fills and clears a big pointerful map while main forces GCs and times them. On js/wasm there is one P and no preemption, so what grows is how long main waits to run; the program says which case it measured.',
      zh: '一个 goroutine 反复填满并清空一个含指针的大 map，同时 main 强制 GC 并计时。js/wasm 上只有一个 P 且没有抢占，所以变长的是 main 等待运行的时间；程序会说明它测到的是哪种情况。',
    },
    params: [
      { name: 'n', type: 'int', default: 1048576, min: 1024, max: 4194304, label: { en: 'entries of the churned map', zh: '被改写 map 的条目数' } },
      { name: 'gcs', type: 'int', default: 10, min: 1, max: 100, label: { en: 'forced GCs', zh: '强制 GC 次数' } },
      { name: 'churn', type: 'bool', default: true, label: { en: 'run the churning goroutine', zh: '运行改写 map 的 goroutine' } },
      { name: 'sleep', type: 'int', default: 20, min: 0, max: 1000, label: { en: 'ms between GCs', zh: '两次 GC 之间的毫秒数' } },
    ],
  },
];

export type ParamValues = Record<string, string | number | boolean>;

export function defaults(e: ExactExample): ParamValues {
  return Object.fromEntries(e.params.map((p) => [p.name, p.default]));
}

/** Command-line arguments for the experiment, `-name=value` for every parameter (shown to the reader). */
export function argsFor(e: ExactExample, v: ParamValues): string[] {
  return e.params.map((p) => `-${p.name}=${v[p.name] ?? p.default}`);
}

export const pick = (b: Bilingual, locale: string) => (locale === 'zh-CN' ? b.zh : b.en);
