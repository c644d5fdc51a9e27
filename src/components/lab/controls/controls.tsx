/**
 * The lab's controls. Every control has the same contract (STYLE.md 14): a visible label with its unit,
 * a native form element named after the scenario field (`[name="n"]`, `[name="rebuild.threshold"]`) whose
 * `.value` is the value in the unit shown and which fires `input`, and full keyboard use (native range,
 * select, number and checkbox elements). Log-scale fields pair a range (the slider, positions 0..100) with
 * a number field holding the real value; both are labelled.
 */
import { useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { fromPosition, STEPS, toPosition, type LogScale } from './scale';

interface Base {
  /** Unique per page: the widget's id prefix plus the field. */
  id: string;
  field: string;
  label: string;
  unit?: string;
  disabled?: boolean;
  /** A line under the control, e.g. the bucket count the simulator reported. */
  note?: ComponentChildren;
}

function Frame(props: Base & { children: ComponentChildren; forId?: string }) {
  return (
    <div class="lab-ctl" data-field={props.field}>
      <label class="lab-ctl__label" for={props.forId ?? props.id}>
        {props.label}
        {props.unit ? <span class="lab-ctl__unit"> ({props.unit})</span> : null}
      </label>
      <div class="lab-ctl__body">{props.children}</div>
      {props.note ? (
        <p class="lab-ctl__note" id={`${props.id}-note`}>
          {props.note}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A number field that lets the reader type freely: the text stays as typed while focused, every parseable
 * value is sent at once, and the field shows the simulator's (possibly clamped) value again on blur.
 */
function NumberField(props: {
  id: string;
  name: string;
  value: number;
  min?: number;
  max?: number;
  step?: number | 'any';
  disabled?: boolean;
  describedBy?: string;
  label?: string;
  onChange: (v: number) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <input
      class="lab-ctl__number"
      type="number"
      id={props.id}
      name={props.name}
      inputMode="decimal"
      min={props.min}
      max={props.max}
      step={props.step ?? 'any'}
      disabled={props.disabled}
      aria-label={props.label}
      aria-describedby={props.describedBy}
      value={draft ?? String(props.value)}
      onInput={(e) => {
        const text = (e.currentTarget as HTMLInputElement).value;
        setDraft(text);
        const v = Number(text);
        if (text.trim() !== '' && Number.isFinite(v)) props.onChange(v);
      }}
      onBlur={() => setDraft(null)}
    />
  );
}

export function SelectControl<V extends string>(
  props: Base & { value: V; options: ReadonlyArray<{ value: V; label: string }>; onChange: (v: V) => void },
) {
  return (
    <Frame {...props}>
      <select
        id={props.id}
        name={props.field}
        disabled={props.disabled}
        aria-describedby={props.note ? `${props.id}-note` : undefined}
        value={props.value}
        onInput={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value as V)}
      >
        {props.options.map((o) => (
          <option value={o.value} key={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

/** A log-scale slider plus the exact number. `format` prints the value for the slider's aria-valuetext. */
export function LogControl(
  props: Base & { value: number; scale: LogScale; format: (v: number) => string; onChange: (v: number) => void },
) {
  const pos = toPosition(props.scale, props.value);
  const describedBy = props.note ? `${props.id}-note` : undefined;
  return (
    <Frame {...props}>
      <input
        class="lab-ctl__range"
        type="range"
        id={`${props.id}-slider`}
        name={`${props.field}-slider`}
        min={0}
        max={STEPS}
        step={1}
        value={pos}
        disabled={props.disabled}
        aria-label={`${props.label}${props.unit ? ` (${props.unit})` : ''}`}
        aria-valuetext={props.format(props.value)}
        aria-describedby={describedBy}
        onInput={(e) => props.onChange(fromPosition(props.scale, Number((e.currentTarget as HTMLInputElement).value)))}
      />
      <NumberField
        id={props.id}
        name={props.field}
        value={props.value}
        min={props.scale.zero ? 0 : undefined}
        step={props.scale.integer === false ? 'any' : 1}
        disabled={props.disabled}
        describedBy={describedBy}
        onChange={props.onChange}
      />
    </Frame>
  );
}

/** A linear slider plus the exact number, for values shown in another unit (`factor`: 0.9 → 90 %). */
export function RangeControl(
  props: Base & { value: number; min: number; max: number; step: number; factor?: number; onChange: (v: number) => void },
) {
  const f = props.factor ?? 1;
  const shown = Number((props.value * f).toFixed(6));
  const describedBy = props.note ? `${props.id}-note` : undefined;
  return (
    <Frame {...props}>
      <input
        class="lab-ctl__range"
        type="range"
        id={`${props.id}-slider`}
        name={`${props.field}-slider`}
        min={props.min}
        max={props.max}
        step={props.step}
        value={shown}
        disabled={props.disabled}
        aria-label={`${props.label}${props.unit ? ` (${props.unit})` : ''}`}
        aria-describedby={describedBy}
        onInput={(e) => props.onChange(Number((e.currentTarget as HTMLInputElement).value) / f)}
      />
      <NumberField
        id={props.id}
        name={props.field}
        value={shown}
        min={props.min}
        max={props.max}
        step={props.step}
        disabled={props.disabled}
        describedBy={describedBy}
        onChange={(v) => props.onChange(v / f)}
      />
    </Frame>
  );
}

export function ToggleControl(props: Base & { value: boolean; onChange: (v: boolean) => void }) {
  return (
    <div class="lab-ctl lab-ctl--toggle" data-field={props.field}>
      <input
        type="checkbox"
        id={props.id}
        name={props.field}
        checked={props.value}
        disabled={props.disabled}
        onInput={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)}
      />
      <label class="lab-ctl__label" for={props.id}>
        {props.label}
      </label>
      {props.note ? <p class="lab-ctl__note">{props.note}</p> : null}
    </div>
  );
}

export function NumberControl(props: Base & { value: number; min?: number; max?: number; onChange: (v: number) => void }) {
  return (
    <Frame {...props}>
      <NumberField id={props.id} name={props.field} value={props.value} min={props.min} max={props.max} step={1} disabled={props.disabled} onChange={props.onChange} />
    </Frame>
  );
}
