/** The controls list the schema's choices without loading zod on the page: the lists must agree. */
import { expect, it } from 'vitest';
import { IMPLS, KEY_KINDS, VALUE_KINDS } from '../../src/sim/scenario';
import { IMPL_VALUES, KEY_VALUES, VALUE_VALUES } from '../../src/components/lab/controls/ScenarioForm';
import { en } from '../../src/components/lab/i18n/en';
import { zhCN } from '../../src/components/lab/i18n/zh-CN';

it('offers exactly the schema’s implementations, key kinds and value kinds, each labelled in both locales', () => {
  expect([...IMPL_VALUES]).toEqual([...IMPLS]);
  expect([...KEY_VALUES]).toEqual([...KEY_KINDS]);
  expect([...VALUE_VALUES]).toEqual([...VALUE_KINDS]);
  for (const [kind, values] of [['impl', IMPLS], ['key', KEY_KINDS], ['value', VALUE_KINDS]] as const) {
    for (const v of values) {
      const key = `control.${kind}.${v}` as keyof typeof en;
      expect(en[key], key).toBeTruthy();
      expect(zhCN[key], key).toBeTruthy();
    }
  }
});
