// A rule that throws (a defect) must cost only its own results: one GEN003 naming it, its determination part at the
// fallback, and every other rule's findings and parts exactly as in a normal run. The rules are made to throw through
// ENTITY_RULES, the table analyzeEntity calls them through; this test bundles the core from source, so it changes the
// very table the analysis uses, and puts every rule back in `finally`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { globSync } from 'tinyglobby';
import { ENTITY_RULES, analyzeEntity, type AnalyzedEntity } from '../../server/src/core/entity/entity';
import { determineMips } from '../../server/src/core/entity/rules';
import type { Finding } from '../../server/src/core/types';

type RuleKey = keyof typeof ENTITY_RULES;
const RULE_KEYS = Object.keys(ENTITY_RULES) as RuleKey[];

/** Runs `work` with one rule's `run` replaced, restoring it even when `work` fails. */
function withRule<T>(key: RuleKey, run: (...args: never[]) => unknown, work: () => T): T {
  const rule = ENTITY_RULES[key] as { run: unknown };
  const original = rule.run;
  rule.run = run;
  try {
    return work();
  } finally {
    rule.run = original;
  }
}

/** A normal analysis, plus the findings each rule added (recorded by wrapping every rule in turn). */
function baseline(text: string): { analysis: AnalyzedEntity; added: Record<RuleKey, Finding[]> } {
  const added = {} as Record<RuleKey, Finding[]>;
  const analyze = (keys: RuleKey[]): AnalyzedEntity => {
    if (keys.length === 0) return analyzeEntity(text);
    const [key, ...rest] = keys;
    const original = ENTITY_RULES[key].run as (...args: unknown[]) => unknown;
    return withRule(
      key,
      (...args: never[]) => {
        const sink = (args as unknown[])[2] as { items: Finding[] };
        const before = sink.items.length;
        const result = original(...args);
        added[key] = sink.items.slice(before);
        return result;
      },
      () => analyze(rest),
    );
  };
  return { analysis: analyze(RULE_KEYS), added };
}

const samples = globSync(['samples/**/*.entity.json'], { cwd: process.cwd(), ignore: ['samples/broken/**'] }).sort();

test('the samples give every rule findings and a determination part to compare', () => {
  assert.ok(samples.length >= 10, `expected the sample workspace, found ${samples.length} entity files`);
  for (const key of RULE_KEYS) {
    const reporting = samples.filter((file) => {
      const { analysis, added } = baseline(readFileSync(join(process.cwd(), file), 'utf8'));
      return analysis.determination !== null && (added[key]?.length ?? 0) > 0;
    });
    assert.ok(reporting.length > 0, `no sample has findings from the ${ENTITY_RULES[key].name} rule`);
  }
});

for (const key of RULE_KEYS) {
  test(`a throwing ${ENTITY_RULES[key].name} rule is one GEN003; the other rules report as before`, () => {
    const name = ENTITY_RULES[key].name;
    for (const file of samples) {
      const text = readFileSync(join(process.cwd(), file), 'utf8');
      const { analysis: normal, added } = baseline(text);
      if (!normal.determination) continue;
      const broken = withRule(
        key,
        () => {
          throw new Error(`${name} made to fail by the test`);
        },
        () => analyzeEntity(text),
      );
      const where = `${file}, ${name} throwing`;

      assert.deepEqual(broken.failedRules, [name], where);
      const gen003 = broken.findings.items.filter((f) => f.code === 'GEN003');
      assert.equal(gen003.length, 1, where);
      assert.match(gen003[0].message, new RegExp(`^The ${name} rule failed on this file`), where);
      // Every finding but the failed rule's own, in the same order.
      const expected = normal.findings.items.filter((f) => !added[key].includes(f));
      assert.deepEqual(
        broken.findings.items.filter((f) => f.code !== 'GEN003'),
        expected,
        where,
      );

      const before = normal.determination;
      const after = broken.determination!;
      assert.ok(after, `${where}: no determination`);
      assert.deepEqual(
        {
          performanceYear: after.performanceYear,
          paymentYear: after.paymentYear,
          apmId: after.apmId,
          entityId: after.entityId,
        },
        {
          performanceYear: before.performanceYear,
          paymentYear: before.paymentYear,
          apmId: before.apmId,
          entityId: before.entityId,
        },
        where,
      );
      for (const other of RULE_KEYS.filter((k) => k !== key))
        assert.deepEqual(after[other], before[other], `${where}: ${other} part`);
      // MIPS status is derived from the low-volume and QP parts: it must follow from what is left of them.
      assert.deepEqual(
        after.mips,
        determineMips(after.performanceYear, after.qp, after.lowVolume, broken.model),
        where,
      );
      if (key === 'app' || key === 'euc') assert.deepEqual(after.mips, before.mips, where);
      // The failed rule's part is its fallback.
      if (key === 'lowVolume' || key === 'qp') assert.equal(after[key], null, where);
      if (key === 'app')
        assert.deepEqual(after.app, { available: false, required: false, explanation: after.mips.explanation }, where);
      if (key === 'euc')
        assert.deepEqual(after.euc, { status: 'not-applying', explanation: after.mips.explanation }, where);
    }
  });
}

test('the rules are back in place after a test made one throw', () => {
  for (const key of RULE_KEYS) {
    assert.throws(
      () =>
        withRule(
          key,
          () => {
            throw new Error('made to fail');
          },
          () => {
            throw new Error('the work failed too');
          },
        ),
      /the work failed too/,
    );
  }
  for (const file of samples) {
    const analysis = analyzeEntity(readFileSync(join(process.cwd(), file), 'utf8'));
    assert.deepEqual(analysis.failedRules, [], file);
  }
});
