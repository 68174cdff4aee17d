// The rules core functions the benchmarks call in-process, bundled by bench/run.mjs into bench/out/core.cjs.
export { parseParticipationList, parseCsv, QppWorkspace, analyzeEntity, defaultFileKindOf } from '../server/src/core';
