/**
 * The parameters of a compiled experiment: one labelled native control per flag (the lab's control
 * contract: `.value`, an `input` event, a visible label), and the command line they make.
 */
import { useState } from 'preact/hooks';
import type { Locale } from '../lab/i18n';
import { argsFor, pick, type ExactExample, type Param, type ParamValues } from './examples';
import type { PgTranslate } from './i18n';

interface Props {
  t: PgTranslate;
  locale: Locale;
  example: ExactExample;
  go: string;
  values: ParamValues;
  disabled: boolean;
  onChange: (v: ParamValues) => void;
}

function clampNumber(p: Extract<Param, { min: number }>, raw: string): number {
  const v = Number(raw);
  if (!Number.isFinite(v)) return p.default;
  const c = Math.min(p.max, Math.max(p.min, v));
  return p.type === 'int' ? Math.round(c) : c;
}

/**
 * A number field that commits on `change` (blur, Enter) and keeps the reader's typing until then. A plain
 * controlled input lost it: any re-render of the page before the blur (a time limit changed, a timer of the
 * page) wrote the committed value back into the field, and Run then ran with the old number.
 */
function NumberField({ p, id, value, onCommit }: { p: Extract<Param, { min: number }>; id: string; value: number; onCommit: (v: number) => void }) {
  const [typed, setTyped] = useState<string | null>(null);
  return (
    <input
      id={id}
      name={p.name}
      type="number"
      min={p.min}
      max={p.max}
      step={p.step ?? (p.type === 'int' ? 1 : 'any')}
      value={typed ?? String(value)}
      onInput={(e) => setTyped((e.currentTarget as HTMLInputElement).value)}
      onChange={(e) => {
        onCommit(clampNumber(p, (e.currentTarget as HTMLInputElement).value));
        setTyped(null);
      }}
    />
  );
}

export function ParamsForm({ t, locale, example, go, values, disabled, onChange }: Props) {
  const set = (name: string, v: string | number | boolean) => onChange({ ...values, [name]: v });
  const id = (p: Param) => `gp-param-${example.experiment}-${p.name}`;
  return (
    <fieldset class="gp-params" disabled={disabled}>
      <legend>{t('pg.exact.params')}</legend>
      <p class="gp-params__about">{pick(example.about, locale)}</p>
      <p class="gp-params__note">{t('pg.exact.note', { go })}</p>
      <div class="gp-params__grid">
        {example.params.map((p) => (
          <div class="gp-param" key={p.name}>
            <label for={id(p)}>
              {pick(p.label, locale)} <code>-{p.name}</code>
            </label>
            {p.type === 'choice' ? (
              <select id={id(p)} name={p.name} value={String(values[p.name])} onInput={(e) => set(p.name, (e.currentTarget as HTMLSelectElement).value)}>
                {p.options.map((o) => (
                  <option value={o} key={o}>
                    {o}
                  </option>
                ))}
              </select>
            ) : p.type === 'bool' ? (
              <input id={id(p)} name={p.name} type="checkbox" checked={values[p.name] === true} onInput={(e) => set(p.name, (e.currentTarget as HTMLInputElement).checked)} />
            ) : p.type === 'string' ? (
              <input id={id(p)} name={p.name} type="text" value={String(values[p.name])} onInput={(e) => set(p.name, (e.currentTarget as HTMLInputElement).value)} />
            ) : (
              <NumberField p={p} id={id(p)} value={Number(values[p.name])} onCommit={(v) => set(p.name, v)} />
            )}
          </div>
        ))}
      </div>
      <p class="gp-params__cmd">
        <code>
          {example.experiment} {argsFor(example, values).join(' ')}
        </code>{' '}
        · <a href={`#source-${example.experiment}`}>{t('pg.exact.source')}</a>
      </p>
    </fieldset>
  );
}
