/** The phases a compiled experiment reported (playground/experiments/report: runtime.MemStats per phase). */
import { fmtBytes, fmtDurationUs } from '../lab/data/format';
import type { Locale } from '../lab/i18n';
import type { PgTranslate } from './i18n';

export interface PhaseRecord {
  phase: string;
  count: number;
  heapAlloc: number;
  numGC: number;
  forcedGcNs?: { median: number } | null;
}

export function PhaseTable({ t, locale, rows }: { t: PgTranslate; locale: Locale; rows: readonly PhaseRecord[] }) {
  return (
    <section class="gp-phases" aria-labelledby="gp-phases-title">
      <h3 id="gp-phases-title">{t('pg.phases.title')}</h3>
      <div class="lab-table-wrap" tabIndex={0} role="region" aria-labelledby="gp-phases-title">
        <table class="lab-table">
          <thead>
            <tr>
              <th scope="col">{t('pg.phases.phase')}</th>
              <th scope="col">{t('pg.phases.count')}</th>
              <th scope="col">{t('pg.phases.heapAlloc')}</th>
              <th scope="col">{t('pg.phases.numGC')}</th>
              <th scope="col">{t('pg.phases.forced')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <td>{r.phase}</td>
                <td>{r.count.toLocaleString(locale)}</td>
                <td>{fmtBytes(locale, r.heapAlloc)}</td>
                <td>{r.numGC}</td>
                <td>{r.forcedGcNs ? fmtDurationUs(locale, r.forcedGcNs.median / 1e3) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
