/**
 * Public entry of the simulator: what components, the worker and the CLI import.
 *
 *   parseScenario(input)      → { ok, scenario, warnings } | { ok: false, errors }   (scenario.ts)
 *   simulate(scenario, opts)  → SimResult: phases, cycles, series, trace            (run.ts)
 *   createSimulation(...)     → step()/progress()/result() for a Web Worker          (run.ts)
 *   Checkpoints, Tapes        → stores that let later runs resume or replay          (run.ts, tape.ts)
 */
export {
  parseScenario,
  defaultScenario,
  ScenarioSchema,
  LIMITS,
  IMPLS,
  KEY_KINDS,
  VALUE_KINDS,
  MODES,
  TTS_OPS,
  FIELD_DOCS,
  GC_SETTINGS,
  withoutGcSettings,
  type Scenario,
  type ScenarioInput,
  type ParseResult,
  type Impl,
  type KeyKind,
  type ValueKind,
  type Mode,
  type TtsOp,
} from './scenario';
export {
  simulate,
  createSimulation,
  SimCancelled,
  SIM_VERSION,
  Checkpoints,
  Tapes,
  type SimResult,
  type SimPhase,
  type SimCycle,
  type SimTts,
  type SimOptions,
  type SimProgress,
  type Simulation,
  type ForcedGcNs,
} from './run';
export type { SeriesPoint } from './series';
export type { TraceEvent, TraceDetail, PhaseName } from './trace';
export type { GcCycle, GcEvent } from './gc';
export type { MapEvent, MapShape } from './contracts';
export { Pacer, type PacerRules } from './pacer';
export { costsFor, costSets, versionFor, type CostModel, type CostProfile } from './costs';
