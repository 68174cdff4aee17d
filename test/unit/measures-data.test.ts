// Cross-checks the core's APP measure table against CMS's own data (CMSgov/qpp-measures-data, npm
// package v5.5.4, which covers PY2017..2022): for each year both cover, the app1 quality measures must match.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_MEASURE_SETS } from '../../server/src/core/data/appMeasures';

interface CmsMeasure {
  measureId: string;
  category: string;
  allowedPrograms?: string[];
}

// The package is CommonJS without types; require keeps it external to the test bundle.
const measuresData = require('qpp-measures-data') as { getMeasuresData(year: number): CmsMeasure[] };

function cmsApp1QualityMeasures(year: number): string[] {
  return (
    measuresData
      .getMeasuresData(year)
      .filter((m) => m.category === 'quality' && (m.allowedPrograms ?? []).includes('app1'))
      // CAHPS_1..11 are the survey's summary measures; the core lists the survey once, as measure 321.
      .filter((m) => !m.measureId.startsWith('CAHPS_'))
      .map((m) => m.measureId)
      .sort()
  );
}

function coreMeasures(year: number, program: 'app1' | 'appPlus'): string[] {
  const row = APP_MEASURE_SETS.find((r) => r.performanceYear === year && r.program === program);
  assert.ok(row, `the core has no ${program} measure set for PY${year}`);
  return [...row.measures].sort();
}

for (const year of [2021, 2022]) {
  test(`PY${year} app1 quality measures match CMS qpp-measures-data`, () => {
    const cms = cmsApp1QualityMeasures(year);
    assert.ok(cms.length > 0, `qpp-measures-data returned no app1 measures for ${year}`);
    assert.deepEqual(coreMeasures(year, 'app1'), cms);
  });
}

test('the expected sets are what CMS publishes (guards against a changed package)', () => {
  assert.deepEqual(cmsApp1QualityMeasures(2021), ['001', '134', '236', '321', '479', 'MCC1']);
  assert.deepEqual(cmsApp1QualityMeasures(2022), ['001', '134', '236', '321', '479', '484']);
});

test('the core marks no PY2021-2022 APP row as provisional and names its source', () => {
  for (const row of APP_MEASURE_SETS.filter((r) => r.performanceYear <= 2022)) {
    assert.equal(row.provisional, false, `PY${row.performanceYear} ${row.program}`);
    assert.match(row.source, /qpp-measures-data/);
  }
});

test('no app1 measure set exists before PY2021 and no appPlus set before PY2025', () => {
  assert.equal(
    APP_MEASURE_SETS.some((r) => r.performanceYear < 2021),
    false,
  );
  assert.equal(
    APP_MEASURE_SETS.some((r) => r.program === 'appPlus' && r.performanceYear < 2025),
    false,
  );
});
