/**
 * The occupancy figure: one frame of the map's storage at a time, with a stepper through the frames the
 * replay recorded (growth, evacuation, splits, phase ends) and a caption per step.
 */
import { frameCounts, occupancyRows, type OccupancyFrame, type OccupancyResult, type OccupancyRow } from '../data/occupancy';
import { fmtNum } from '../data/format';
import { occupancyChart } from '../../charts/occupancy';
import type { Column } from '../../charts/export';
import type { MessageKey, Translate } from '../i18n';
import { runSource, type FigureModel, type Run, type StepModel, type ViewContext } from './model';

export function occupancyColumns(t: Translate): Column<OccupancyRow>[] {
  return [
    { key: 'area', label: t('occupancy.col.area'), value: (r) => r.area },
    { key: 'index', label: t('occupancy.col.index'), value: (r) => r.index },
    { key: 'slots', label: t('occupancy.col.slots'), value: (r) => r.slots },
    { key: 'full', label: t('occupancy.legend.full'), value: (r) => r.full },
    { key: 'tombstones', label: t('occupancy.legend.deleted'), value: (r) => r.tombstones },
    { key: 'overflow', label: t('occupancy.legend.overflow'), value: (r) => r.overflow },
    { key: 'evacuated', label: t('occupancy.legend.evacuated'), value: (r) => r.evacuated },
  ];
}

export function captionText(t: Translate, f: OccupancyFrame): string {
  const vars = { ...f.caption.vars };
  if (typeof vars.phase === 'string') vars.phase = t(`phase.${vars.phase}` as MessageKey);
  return t(f.caption.key as MessageKey, vars);
}

export function occupancyFigure(run: Run, occ: OccupancyResult | undefined, ctx: ViewContext): FigureModel {
  const { t, locale } = ctx;
  const frames = occ?.frames ?? [];
  const n = (v: number) => fmtNum(locale, v, 0);
  const at = (i: number): StepModel => {
    const f = frames[i];
    const c = frameCounts(f);
    return {
      caption: captionText(t, f),
      charts: [(o) => occupancyChart(f, o)],
      sentence: t('occupancy.summary', { step: i + 1, steps: frames.length, count: n(f.count), full: n(c.full), tombstones: n(c.tombstones), slots: n(c.slots), overflow: n(c.overflow) }),
      table: { columns: occupancyColumns(t), rows: occupancyRows(f) },
    };
  };
  const notes = [t('occupancy.replayed'), occ?.approximate ? t('occupancy.approx') : '', occ?.skipped ? t('occupancy.skipped', { skipped: n(occ.skipped) }) : ''].filter(Boolean);
  const last = frames.length - 1;
  const final = last >= 0 ? at(last) : null;
  return {
    view: 'occupancy',
    title: t('occupancy.title'),
    source: runSource(t, run, ctx.simVersion),
    charts: final?.charts ?? [],
    sentence: final ? `${final.caption} ${final.sentence}` : t('chart.empty'),
    notes,
    table: final?.table ?? { columns: occupancyColumns(t), rows: [] },
    json: { impl: occ?.impl, steps: frames.map((f) => ({ phase: f.phase, count: f.count, caption: captionText(t, f), ...frameCounts(f) })) },
    stepper: frames.length > 1 ? { steps: frames.length, initial: last, at } : undefined,
  };
}
