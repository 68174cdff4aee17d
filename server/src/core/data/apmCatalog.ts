import { SOURCES } from './sources';

// The APM catalog: which models exist in which PYs, whether they are Advanced APMs and MIPS APMs,
// and whether their APM Entities may apply for EUC. Flags not confirmed by a CMS source carry
// verified: false and are shown as unverified in hovers (docs/rules.md#apm-catalog).
export interface ApmYearFlags {
  fromYear: number;
  toYear: number;
  /** true, false, or the tracks that are Advanced. */
  advanced: boolean | string[];
  mipsApm: boolean;
  verified: boolean;
  source: string;
}

export interface ApmCatalogEntry {
  id: string;
  name: string;
  aliases: string[];
  firstYear: number;
  lastYear: number;
  tracks: string[];
  /** Regular expression source for entity ids; null when the format is not published. */
  entityIdPattern: string | null;
  entityIdExample: string | null;
  flags: ApmYearFlags[];
  /** PYs in which the model is on CMS's list of APMs whose entities may apply for EUC. */
  eucEligibleYears: number[];
  provisional: boolean;
  source: string;
}

const UNVERIFIED = 'research §8 (flag from memory; check against CMS Comprehensive List of APMs)';

export const APM_CATALOG: readonly ApmCatalogEntry[] = [
  {
    id: 'SSP', name: 'Medicare Shared Savings Program', aliases: ['MSSP', 'SHARED_SAVINGS'], firstYear: 2017, lastYear: 2027,
    tracks: ['BASIC_A', 'BASIC_B', 'BASIC_C', 'BASIC_D', 'BASIC_E', 'ENHANCED'],
    entityIdPattern: '^A\\d{4}$', entityIdExample: 'A1234',
    flags: [{ fromYear: 2017, toYear: 2027, advanced: ['BASIC_E', 'ENHANCED'], mipsApm: true, verified: false, source: `${SOURCES.QPP_MIPS_APMS}; ${UNVERIFIED}` }],
    eucEligibleYears: [2024], provisional: false, source: SOURCES.QPP_MIPS_APMS,
  },
  {
    id: 'REACH', name: 'ACO REACH', aliases: ['ACO_REACH', 'GPDC', 'DC'], firstYear: 2021, lastYear: 2026, tracks: [],
    entityIdPattern: '^D\\d{4}$', entityIdExample: 'D0123',
    flags: [{ fromYear: 2021, toYear: 2026, advanced: true, mipsApm: true, verified: false, source: UNVERIFIED }],
    eucEligibleYears: [2024, 2025], provisional: false, source: SOURCES.QPP_MIPS_APMS,
  },
  {
    id: 'BPCIA', name: 'BPCI Advanced', aliases: ['BPCI_ADVANCED', 'BPCI-A'], firstYear: 2018, lastYear: 2025, tracks: [],
    entityIdPattern: null, entityIdExample: null,
    flags: [{ fromYear: 2018, toYear: 2025, advanced: true, mipsApm: true, verified: false, source: UNVERIFIED }],
    eucEligibleYears: [2024, 2025], provisional: false, source: SOURCES.QPP_MIPS_APMS,
  },
  {
    id: 'CJR', name: 'Comprehensive Care for Joint Replacement', aliases: [], firstYear: 2017, lastYear: 2024, tracks: ['CEHRT', 'NON_CEHRT'],
    entityIdPattern: null, entityIdExample: null,
    flags: [{ fromYear: 2017, toYear: 2024, advanced: ['CEHRT'], mipsApm: true, verified: false, source: UNVERIFIED }],
    eucEligibleYears: [2024], provisional: false, source: SOURCES.QPP_MIPS_APMS,
  },
  {
    id: 'EOM', name: 'Enhancing Oncology Model', aliases: [], firstYear: 2023, lastYear: 2027, tracks: ['RISK_1', 'RISK_2'],
    entityIdPattern: null, entityIdExample: null,
    flags: [{ fromYear: 2023, toYear: 2027, advanced: ['RISK_2'], mipsApm: true, verified: false, source: UNVERIFIED }],
    eucEligibleYears: [2024, 2025], provisional: false, source: SOURCES.QPP_MIPS_APMS,
  },
  {
    id: 'KCC', name: 'Kidney Care Choices', aliases: ['CKCC', 'KCF'], firstYear: 2022, lastYear: 2027, tracks: ['CKCC', 'KCF'],
    entityIdPattern: null, entityIdExample: null,
    flags: [{ fromYear: 2022, toYear: 2027, advanced: true, mipsApm: true, verified: false, source: UNVERIFIED }],
    eucEligibleYears: [2024, 2025], provisional: false, source: SOURCES.QPP_MIPS_APMS,
  },
  {
    id: 'MDTCOC', name: 'Maryland Total Cost of Care', aliases: ['MD_TCOC', 'MDPCP'], firstYear: 2019, lastYear: 2027, tracks: [],
    entityIdPattern: null, entityIdExample: null,
    flags: [{ fromYear: 2019, toYear: 2027, advanced: true, mipsApm: true, verified: false, source: `${UNVERIFIED} (only some tracks are Advanced)` }],
    eucEligibleYears: [2024, 2025], provisional: false, source: SOURCES.QPP_MIPS_APMS,
  },
  {
    id: 'PCF', name: 'Primary Care First', aliases: [], firstYear: 2021, lastYear: 2024, tracks: [],
    entityIdPattern: '^[A-Z]{2}\\d{4}$', entityIdExample: 'AR0437',
    flags: [{ fromYear: 2021, toYear: 2024, advanced: true, mipsApm: true, verified: false, source: UNVERIFIED }],
    eucEligibleYears: [2024], provisional: false, source: SOURCES.QPP_MIPS_APMS,
  },
  {
    id: 'VTACO', name: 'Vermont All-Payer ACO Model', aliases: ['VERMONT'], firstYear: 2018, lastYear: 2025, tracks: [],
    entityIdPattern: null, entityIdExample: null,
    flags: [{ fromYear: 2018, toYear: 2025, advanced: true, mipsApm: true, verified: false, source: UNVERIFIED }],
    eucEligibleYears: [2024], provisional: false, source: SOURCES.QPP_MIPS_APMS,
  },
  {
    id: 'VIT', name: 'Value in Opioid Use Disorder Treatment', aliases: ['VALUE_IN_TREATMENT'], firstYear: 2024, lastYear: 2027, tracks: [],
    entityIdPattern: null, entityIdExample: null,
    flags: [{ fromYear: 2024, toYear: 2027, advanced: false, mipsApm: true, verified: true, source: SOURCES.QPP_MIPS_APMS }],
    eucEligibleYears: [2024], provisional: false, source: SOURCES.QPP_MIPS_APMS,
  },
  {
    id: 'MCP', name: 'Making Care Primary', aliases: [], firstYear: 2024, lastYear: 2025, tracks: ['TRACK_1', 'TRACK_2', 'TRACK_3'],
    entityIdPattern: null, entityIdExample: null,
    flags: [{ fromYear: 2024, toYear: 2025, advanced: ['TRACK_3'], mipsApm: true, verified: false, source: UNVERIFIED }],
    eucEligibleYears: [2025], provisional: false, source: SOURCES.QPP_MIPS_APMS,
  },
  {
    id: 'GUIDE', name: 'Guiding an Improved Dementia Experience', aliases: [], firstYear: 2024, lastYear: 2027, tracks: [],
    entityIdPattern: null, entityIdExample: null,
    flags: [{ fromYear: 2024, toYear: 2027, advanced: false, mipsApm: true, verified: false, source: UNVERIFIED }],
    eucEligibleYears: [2025], provisional: false, source: SOURCES.QPP_MIPS_APMS,
  },
  {
    id: 'CPCPLUS', name: 'Comprehensive Primary Care Plus', aliases: ['CPC+', 'CPC_PLUS'], firstYear: 2017, lastYear: 2021, tracks: [],
    entityIdPattern: '^T[12][A-Z]{2}\\d{4}$', entityIdExample: 'T1AR0058',
    flags: [{ fromYear: 2017, toYear: 2021, advanced: true, mipsApm: true, verified: true, source: 'research S24, §8' }],
    eucEligibleYears: [], provisional: false, source: 'research §8',
  },
  {
    id: 'ETC', name: 'ESRD Treatment Choices', aliases: [], firstYear: 2021, lastYear: 2027, tracks: [],
    entityIdPattern: null, entityIdExample: null,
    flags: [{ fromYear: 2021, toYear: 2027, advanced: false, mipsApm: false, verified: false, source: `${UNVERIFIED} (CMS lists it as an APM only)` }],
    eucEligibleYears: [], provisional: false, source: 'research §8, §10',
  },
  {
    id: 'TEAM', name: 'Transforming Episode Accountability Model', aliases: [], firstYear: 2026, lastYear: 2027, tracks: ['TRACK_1', 'TRACK_2', 'TRACK_3'],
    entityIdPattern: null, entityIdExample: null,
    flags: [{ fromYear: 2026, toYear: 2027, advanced: ['TRACK_2', 'TRACK_3'], mipsApm: false, verified: false, source: UNVERIFIED }],
    eucEligibleYears: [], provisional: true, source: 'research §8',
  },
];
