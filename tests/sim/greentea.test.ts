// Go 1.26 with and without Green Tea (scenario field greenTea; costs.ts withoutGreenTea): the scenario rules
// and which measured costs a run takes.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { costsFor } from '../../src/sim/costs';
import { parseScenario } from '../../src/sim/scenario';
import { simulate } from '../../src/sim/run';

const noGreenTea = JSON.parse(readFileSync('src/sim/costs.go1.26-nogreenteagc.sim.json', 'utf8'));
const greenTea = JSON.parse(readFileSync('src/sim/costs.go1.26.sim.json', 'utf8'));

describe('scenario field greenTea', () => {
  it('is absent unless given, and reads text as the URL and attributes give it', () => {
    const plain = parseScenario({ impl: 'swiss' });
    expect(plain.ok && 'greenTea' in plain.scenario).toBe(false);
    const off = parseScenario({ impl: 'swiss', greenTea: 'false' });
    expect(off.ok && off.scenario.greenTea).toBe(false);
  });

  it('is dropped for classic maps (Go 1.19 has no Green Tea), with a warning when it asks for it', () => {
    const on = parseScenario({ impl: 'classic', greenTea: true });
    expect(on.ok && 'greenTea' in on.scenario).toBe(false);
    expect(on.ok && on.warnings.join('\n')).toMatch(/^greenTea: .*no Green Tea/m);
    const off = parseScenario({ impl: 'classic', greenTea: false });
    expect(off.ok && off.warnings).toEqual([]);
  });

  it('rejects what is not a switch, naming the field', () => {
    const bad = parseScenario({ impl: 'swiss', greenTea: 'maybe' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.join('\n')).toMatch(/^greenTea:/m);
  });
});

describe('costs with and without Green Tea', () => {
  it('takes the mark model fitted on the nogreenteagc runs, and the default binary for the rest', () => {
    const on = costsFor('swiss', 'string16', 'ptr64', 2);
    const off = costsFor('swiss', 'string16', 'ptr64', 2, 'calibration', false);
    expect(off.gc.scanBytesPerNs).toBeCloseTo(noGreenTea.sim.markModel.scanBytesPerNs, 6);
    expect(on.gc.scanBytesPerNs).toBeCloseTo(greenTea.sim.markModel.scanBytesPerNs, 6);
    expect(off.gc.markNsPerPointer).toBeCloseTo(noGreenTea.sim.markModel.nsPerPointer, 6);
    expect(off.goVersion).toBe('go1.26.8+nogreenteagc');
    // the mutator is the same program on the same runtime
    expect(off.mutator).toEqual(on.mutator);
    expect(off.baseline).toEqual(on.baseline);
  });

  it('leaves classic (Go 1.19) costs alone', () => {
    const a = costsFor('classic', 'int64', 'ptr64', 2, 'calibration', false);
    const b = costsFor('classic', 'int64', 'ptr64', 2);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    for (const ws of [1e4, 1e6, 1e8]) expect(a.gc.markNsPerObject(ws)).toBe(b.gc.markNsPerObject(ws));
  });

  it('a run says which collector its costs come from', () => {
    const s = { impl: 'swiss', n: 20_000, deleteRatio: 0, forcedGcRuns: 1 };
    expect(simulate({ ...s, greenTea: false }).source).toMatch(/nogreenteagc/);
    expect(simulate(s).source).not.toMatch(/nogreenteagc/);
  });
});
