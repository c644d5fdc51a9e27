/**
 * Every scenario control, grouped (workload, map, GC). It shows a normalised scenario and reports edits
 * as patches (`{field: value}`, blocks as objects or null); it computes nothing about the model. The line
 * under the hint control repeats what the simulator reported for the map right after `make`.
 */
import { useRef } from 'preact/hooks';
import type { Scenario } from '../../../sim/scenario';
import { formatNumber, type Locale, type Translate } from '../i18n';
import { CHURN_DEFAULTS, REBUILD_DEFAULTS } from '../presets';
import { insertRateFor, liveTarget, type LogScale } from './scale';
import { LogControl, NumberControl, RangeControl, SelectControl, ToggleControl } from './controls';
import type { MapShapeAtMake } from '../data/shape';

export { IMPL_VALUES, KEY_VALUES, VALUE_VALUES };

export type Patch = Partial<Record<keyof Scenario, unknown>>;

// The schema's enums (sim/scenario.ts IMPLS, KEY_KINDS, VALUE_KINDS), repeated here because that module
// loads zod, which the page must not; scenario-enums.test.ts checks that the lists agree.
const IMPL_VALUES = ['classic', 'swiss'] as const;
const KEY_VALUES = ['int64', 'string16'] as const;
const VALUE_VALUES = ['int64', 'struct64', 'string32', 'ptr64', 'ptr256', 'ptr1024', 'ptrshared'] as const;

const SCALES = {
  n: { min: 100, max: 1e7 },
  hint: { min: 8, max: 1e7, zero: true },
  gogc: { min: 10, max: 10_000 },
  gomemlimitMiB: { min: 16, max: 65_536 },
  ttlMs: { min: 10, max: 60_000 },
  live: { min: 100, max: 1e7 },
  durationMs: { min: 100, max: 60_000 },
} satisfies Record<string, LogScale>;

const MiB = 2 ** 20;

export interface ScenarioFormProps {
  idPrefix: string;
  scenario: Scenario;
  shape: MapShapeAtMake | null;
  locale: Locale;
  t: Translate;
  onPatch: (p: Patch) => void;
  disabled?: boolean;
  /** Top-level fields to show (`n`, `rebuild`, `churn`, …); null = all. */
  fields?: Set<string> | null;
}

export function ScenarioForm({ idPrefix, scenario: s, shape, locale, t, onPatch, disabled, fields = null }: ScenarioFormProps) {
  const show = (f: string) => !fields || fields.has(f);
  // The last values of blocks and settings that can be switched off, so that off → on restores them.
  const memory = useRef({ rebuild: s.rebuild, churn: s.churn, gogc: s.gogc, gomemlimit: s.gomemlimit });
  if (s.rebuild) memory.current.rebuild = s.rebuild;
  if (s.churn) memory.current.churn = s.churn;
  if (s.gogc >= 0) memory.current.gogc = s.gogc;
  if (s.gomemlimit !== null) memory.current.gomemlimit = s.gomemlimit;

  const id = (f: string) => `${idPrefix}-${f.replace(/\./g, '-')}`;
  const num = (v: number) => formatNumber(locale, v);
  const common = { disabled };

  // A classic make with B = 0 allocates no bucket until the first insert (go1.19 makemap, map.go:325-327), though
  // the shape counts 2^0 = 1 bucket.
  const hintNote = shape
    ? shape.impl === 'classic'
      ? shape.buckets && shape.B
        ? t('control.hint.classic', { B: shape.B, buckets: num(shape.buckets) })
        : t('control.hint.none')
      : shape.tables
        ? t('control.hint.swiss', { tables: num(shape.tables), groups: num(shape.groups ?? 0), capacity: num(shape.capacity ?? 0) })
        : shape.groups
          ? t('control.hint.small')
          : t('control.hint.none')
    : null;

  const churn = s.churn;
  const live = churn ? liveTarget(churn.insertsPerSec, churn.ttlMs) : 0;

  return (
    <div class="lab-form" role="group" aria-label={t('lab.controls')}>
      {['impl', 'key', 'value', 'hint'].some(show) && (
        <fieldset class="lab-form__group">
          <legend>{t('lab.section.map')}</legend>
          {show('impl') && (
            <SelectControl
              {...common}
              id={id('impl')}
              field="impl"
              label={t('control.impl.label')}
              value={s.impl}
              options={IMPL_VALUES.map((v) => ({ value: v, label: t(`control.impl.${v}`) }))}
              note={t(`control.impl.note.${s.impl}`)}
              onChange={(v) => onPatch({ impl: v })}
            />
          )}
          {show('key') && (
            <SelectControl
              {...common}
              id={id('key')}
              field="key"
              label={t('control.key.label')}
              value={s.key}
              options={KEY_VALUES.map((v) => ({ value: v, label: t(`control.key.${v}`) }))}
              onChange={(v) => onPatch({ key: v })}
            />
          )}
          {show('value') && (
            <SelectControl
              {...common}
              id={id('value')}
              field="value"
              label={t('control.value.label')}
              value={s.value}
              options={VALUE_VALUES.map((v) => ({ value: v, label: t(`control.value.${v}`) }))}
              onChange={(v) => onPatch({ value: v })}
            />
          )}
          {show('hint') && (
            <LogControl
              {...common}
              id={id('hint')}
              field="hint"
              label={t('control.hint.label')}
              unit={t('control.hint.unit')}
              value={s.hint}
              scale={SCALES.hint}
              format={(v) => `${num(v)} ${t('control.hint.unit')}`}
              note={hintNote}
              onChange={(v) => onPatch({ hint: v })}
            />
          )}
        </fieldset>
      )}
      {['churn', 'n', 'deleteRatio', 'rebuild'].some(show) && (
        <fieldset class="lab-form__group">
          <legend>{t('lab.section.workload')}</legend>
          {show('churn') && (
            <ToggleControl
              {...common}
              id={id('churn')}
              field="churn"
              label={t('control.churn.label')}
              value={churn !== null}
              onChange={(on) => onPatch({ churn: on ? (memory.current.churn ?? CHURN_DEFAULTS) : null })}
            />
          )}
          {churn ? (
            show('churn') && (
            <>
              <LogControl
                {...common}
                id={id('churn.ttlMs')}
                field="churn.ttlMs"
                label={t('control.ttl.label')}
                unit={t('control.ttl.unit')}
                value={churn.ttlMs}
                scale={SCALES.ttlMs}
                format={(v) => `${num(v)} ${t('control.ttl.unit')}`}
                // Keep the live target when the TTL moves: the rate follows.
                onChange={(v) => onPatch({ churn: { ...churn, ttlMs: v, insertsPerSec: insertRateFor(live, v) } })}
              />
              <LogControl
                {...common}
                id={id('churn.live')}
                field="churn.live"
                label={t('control.live.label')}
                unit={t('control.live.unit')}
                value={live}
                scale={SCALES.live}
                format={(v) => `${num(v)} ${t('control.live.unit')}`}
                onChange={(v) => onPatch({ churn: { ...churn, insertsPerSec: insertRateFor(v, churn.ttlMs) } })}
              />
              <LogControl
                {...common}
                id={id('churn.durationMs')}
                field="churn.durationMs"
                label={t('control.duration.label')}
                unit={t('control.duration.unit')}
                value={churn.durationMs}
                scale={SCALES.durationMs}
                format={(v) => `${num(v)} ${t('control.duration.unit')}`}
                onChange={(v) => onPatch({ churn: { ...churn, durationMs: v } })}
              />
              <ToggleControl
                {...common}
                id={id('churn.delete')}
                field="churn.delete"
                label={t('control.churnDelete.label')}
                value={churn.delete}
                onChange={(v) => onPatch({ churn: { ...churn, delete: v } })}
              />
            </>
            )
          ) : (
            <>
              {show('n') && (
                <LogControl
                  {...common}
                  id={id('n')}
                  field="n"
                  label={t('control.n.label')}
                  unit={t('control.n.unit')}
                  value={s.n}
                  scale={SCALES.n}
                  format={(v) => `${num(v)} ${t('control.n.unit')}`}
                  onChange={(v) => onPatch({ n: v })}
                />
              )}
              {show('deleteRatio') && (
                <RangeControl
                  {...common}
                  id={id('deleteRatio')}
                  field="deleteRatio"
                  label={t('control.deleteRatio.label')}
                  unit={t('control.deleteRatio.unit')}
                  value={s.deleteRatio}
                  min={0}
                  max={100}
                  step={1}
                  factor={100}
                  onChange={(v) => onPatch({ deleteRatio: v })}
                />
              )}
              {show('rebuild') && (
                <SelectControl
                  {...common}
                  id={id('rebuild')}
                  field="rebuild"
                  label={t('control.rebuild.label')}
                  value={s.rebuild ? 'threshold' : 'off'}
                  options={[
                    { value: 'off', label: t('control.rebuild.off') },
                    { value: 'threshold', label: t('control.rebuild.threshold') },
                  ]}
                  onChange={(v) => onPatch({ rebuild: v === 'off' ? null : (memory.current.rebuild ?? REBUILD_DEFAULTS) })}
                />
              )}
              {s.rebuild && show('rebuild') ? (
                <>
                  <RangeControl
                    {...common}
                    id={id('rebuild.threshold')}
                    field="rebuild.threshold"
                    label={t('control.rebuildThreshold.label')}
                    unit={t('control.rebuildThreshold.unit')}
                    value={s.rebuild.threshold}
                    min={0}
                    max={100}
                    step={1}
                    factor={100}
                    onChange={(v) => onPatch({ rebuild: { ...s.rebuild, threshold: v } })}
                  />
                  <SelectControl
                    {...common}
                    id={id('rebuild.hint')}
                    field="rebuild.hint"
                    label={t('control.rebuildHint.label')}
                    value={s.rebuild.hint}
                    options={(['live', 'half'] as const).map((v) => ({ value: v, label: t(`control.rebuildHint.${v}`) }))}
                    onChange={(v) => onPatch({ rebuild: { ...s.rebuild, hint: v } })}
                  />
                </>
              ) : null}
            </>
          )}
        </fieldset>
      )}
      {['gogc', 'greenTea', 'gomemlimit', 'gomaxprocs', 'seed'].some(show) && (
        <fieldset class="lab-form__group">
          <legend>{t('lab.section.gc')}</legend>
          {show('gogc') && (
            <LogControl
              {...common}
              disabled={disabled || s.gogc < 0}
              id={id('gogc')}
              field="gogc"
              label={t('control.gogc.label')}
              unit={t('control.gogc.unit')}
              value={s.gogc < 0 ? memory.current.gogc : s.gogc}
              scale={SCALES.gogc}
              format={(v) => `${num(v)} %`}
              onChange={(v) => onPatch({ gogc: v })}
            />
          )}
          {show('gogc') && (
            <ToggleControl
              {...common}
              id={id('gogc-off')}
              field="gogc-off"
              label={`GOGC ${t('control.gogc.off')}`}
              value={s.gogc < 0}
              onChange={(off) => onPatch({ gogc: off ? -1 : memory.current.gogc >= 0 ? memory.current.gogc : 100 })}
            />
          )}
          {show('greenTea') && (
            <ToggleControl
              {...common}
              disabled={disabled || s.impl !== 'swiss'}
              id={id('greenTea')}
              field="greenTea"
              label={t('control.greenTea.label')}
              value={s.impl === 'swiss' && s.greenTea !== false}
              note={s.impl === 'swiss' ? t('control.greenTea.note') : t('control.greenTea.classic')}
              // On is the default: leave the field out, so switching to classic later has nothing to ignore.
              onChange={(on) => onPatch({ greenTea: on ? undefined : false })}
            />
          )}
          {show('gomemlimit') && (
            <LogControl
              {...common}
              disabled={disabled || s.gomemlimit === null}
              id={id('gomemlimit')}
              field="gomemlimit"
              label={t('control.gomemlimit.label')}
              unit={t('control.gomemlimit.unit')}
              value={Math.round((s.gomemlimit ?? memory.current.gomemlimit ?? 512 * MiB) / MiB)}
              scale={SCALES.gomemlimitMiB}
              format={(v) => `${num(v)} MiB`}
              onChange={(v) => onPatch({ gomemlimit: Math.round(v * MiB) })}
            />
          )}
          {show('gomemlimit') && (
            <ToggleControl
              {...common}
              id={id('gomemlimit-off')}
              field="gomemlimit-off"
              label={`GOMEMLIMIT ${t('control.gomemlimit.off')}`}
              value={s.gomemlimit === null}
              onChange={(off) => onPatch({ gomemlimit: off ? null : (memory.current.gomemlimit ?? 512 * MiB) })}
            />
          )}
          {show('gomaxprocs') && (
            <RangeControl
              {...common}
              id={id('gomaxprocs')}
              field="gomaxprocs"
              label={t('control.gomaxprocs.label')}
              unit={t('control.gomaxprocs.unit')}
              value={s.gomaxprocs}
              min={1}
              max={64}
              step={1}
              onChange={(v) => onPatch({ gomaxprocs: Math.round(v) })}
            />
          )}
          {show('seed') && (
            <NumberControl
              {...common}
              id={id('seed')}
              field="seed"
              label={t('control.seed.label')}
              value={s.seed}
              min={0}
              onChange={(v) => onPatch({ seed: Math.round(v) })}
            />
          )}
        </fieldset>
      )}
    </div>
  );
}
