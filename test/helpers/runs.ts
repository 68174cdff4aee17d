// How many random cases a property test tries. `npm test` tries them all; `npm run check`, the inner loop run on
// every edit, sets QPP_TEST_QUICK=1 and tries a fifth of them (the same seed, so the same first cases).
export function propertyRuns(full: number): number {
  return process.env.QPP_TEST_QUICK === '1' ? Math.max(1, Math.ceil(full / 5)) : full;
}
