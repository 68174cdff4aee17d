import { SOURCES, type Sourced } from './sources';

// MIPS low-volume threshold limits: a unit is excluded at or below ANY limit (42 CFR 414.1310(b)).
export interface LvtLimitsRow extends Sourced {
  performanceYear: number;
  /** Allowed charges limit in cents (exceeding means strictly more). */
  chargesCents: number;
  beneficiaries: number;
  /** null before PY2019: no covered-services criterion. */
  services: number | null;
  /** Opt-in available (from PY2019 = MIPS payment year 2021). */
  optInAllowed: boolean;
  /** The two determination periods (segments), ISO dates. */
  periods: [{ start: string; end: string }, { start: string; end: string }];
}

const lvtFrom2019 = (py: number, provisional: boolean, source: string): LvtLimitsRow => ({
  performanceYear: py,
  chargesCents: 9_000_000,
  beneficiaries: 200,
  services: 200,
  optInAllowed: true,
  periods: [
    { start: `${py - 2}-10-01`, end: `${py - 1}-09-30` },
    { start: `${py - 1}-10-01`, end: `${py}-09-30` },
  ],
  source,
  provisional,
});

export const LVT_LIMITS: readonly LvtLimitsRow[] = [
  {
    performanceYear: 2017,
    chargesCents: 3_000_000,
    beneficiaries: 100,
    services: null,
    optInAllowed: false,
    periods: [
      { start: '2015-09-01', end: '2016-08-31' },
      { start: '2016-09-01', end: '2017-08-31' },
    ],
    source: `${SOURCES.CFR_1310}; research S11 (limits); determination periods from memory, unverified`,
    provisional: true,
  },
  {
    performanceYear: 2018,
    chargesCents: 9_000_000,
    beneficiaries: 200,
    services: null,
    optInAllowed: false,
    periods: [
      { start: '2016-09-01', end: '2017-08-31' },
      { start: '2017-09-01', end: '2018-08-31' },
    ],
    source: `${SOURCES.CFR_1310}; research S10, S11`,
    provisional: false,
  },
  lvtFrom2019(2019, false, `${SOURCES.CFR_1310}; research S9 and the 2019 opt-in letter`),
  lvtFrom2019(2020, false, `${SOURCES.CFR_1310}; research S8`),
  lvtFrom2019(2021, false, `${SOURCES.CFR_1310}; research S13`),
  lvtFrom2019(2022, false, `${SOURCES.CFR_1310}; periods follow the 2019+ pattern`),
  lvtFrom2019(2023, false, `${SOURCES.CFR_1310}; research S13`),
  lvtFrom2019(2024, false, `${SOURCES.CFR_1310}; research S6 (PY2024 determination periods)`),
  lvtFrom2019(2025, true, `${SOURCES.CFR_1310}; limits unchanged per third-party guides; periods pattern-derived`),
  lvtFrom2019(2026, true, `${SOURCES.CFR_1310}; limits unchanged per third-party guides; periods pattern-derived`),
  lvtFrom2019(2027, true, `${SOURCES.CFR_1310}; limits and periods assumed unchanged`),
];
