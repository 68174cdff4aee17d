// One in-process measurement per process (bench/run.mjs starts one process per run): reads its input, runs the
// work untimed until the JIT has seen it (see WARM_MS), then times one more run. Prints {"ms": …} as JSON.
//
// Usage: node bench/measure.mjs <measurement> <arg>
//   parse <parser> <list-size>    parser: core | udsv | papaparse | csvparse | scan
//   workspace <entity-count>      setFile(list edit) + analyze of every dependant
//   entity <core|jsonls> <count>  validate every entity file of the set
//   reconcile <records>           a record file of that many CMS records added beside the 100k list and its entity
//                                 files, then every file analysed (the cross-file index with XF007–XF012)
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { entitySetDir, listPath } from './generate.mjs';

const require = createRequire(import.meta.url);
const core = require('./out/core.cjs');
const ENTITY_SCHEMA_PATH = new URL('../schemas/qpp-entity.schema.json', import.meta.url);

/** Keeps results reachable so the work cannot be optimised away. */
let sink = 0;
const keep = (value) => {
  sink += value ? 1 : 0;
};

/** Warm-up: at least one run, then more until one second has passed (at most 100), so small inputs reach optimised code too. */
const WARM_MAX_RUNS = 100;
const WARM_MS = 1000;

async function timeOnce(work) {
  const warmStarted = performance.now();
  for (let runs = 0; runs < 1 || (runs < WARM_MAX_RUNS && performance.now() - warmStarted < WARM_MS); runs++)
    await work();
  // No forced gc() here: a forced full GC drops V8's warmed-up state and makes the next run 10x slower on small inputs.
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function parsers(parser, size) {
  const file = listPath(size);
  if (['core', 'udsv', 'papaparse', 'csvparse'].includes(parser)) {
    const text = readFileSync(file, 'utf8');
    switch (parser) {
      case 'core':
        return () => keep(core.parseParticipationList(text).rows.length);
      case 'udsv': {
        const { inferSchema, initParser } = require('udsv');
        // Schema inference is part of uDSV's normal use: it learns the delimiter, quoting and header.
        return () => keep(initParser(inferSchema(text)).stringArrs(text).length);
      }
      case 'papaparse': {
        const Papa = require('papaparse');
        return () => keep(Papa.parse(text, { header: false }).data.length);
      }
      case 'csvparse': {
        const { parse } = await import('csv-parse/sync');
        // The lists carry ~1% deliberate mistakes (stray quotes, short rows): csv-parse must not stop at them.
        return () => keep(parse(text, { relax_column_count: true, relax_quotes: true }).length);
      }
    }
  }
  if (parser === 'scan') {
    const bytes = readFileSync(file);
    return () => {
      let lines = 0;
      for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) lines++;
      keep(lines);
    };
  }
  throw new Error(`unknown parser ${parser}`);
}

function readEntitySet(count) {
  const dir = entitySetDir(count);
  return readdirSync(dir)
    .sort()
    .map((name) => ({ key: `${dir}/${name}`, text: readFileSync(join(dir, name), 'utf8') }));
}

function workspaceEdit(count) {
  const files = readEntitySet(count);
  const ws = new core.QppWorkspace();
  for (const f of files) ws.setFile(f.key, f.text);
  for (const key of ws.keys()) ws.analyze(key);
  const list = files.find((f) => core.defaultFileKindOf(f.key) === 'participation');
  // The edit: one NPI cell of the middle row gets a wrong check digit, then the right one back (alternating runs).
  const lines = list.text.split('\n');
  const middle = lines.length >> 1;
  const cells = lines[middle].split(',');
  const wrong = (Number(cells[3][9]) + 1) % 10;
  const edited = [
    ...lines.slice(0, middle),
    [...cells.slice(0, 3), cells[3].slice(0, 9) + wrong, ...cells.slice(4)].join(','),
    ...lines.slice(middle + 1),
  ].join('\n');
  let flip = false;
  return () => {
    flip = !flip;
    ws.setFile(list.key, flip ? edited : list.text);
    let findings = 0;
    for (const key of ws.dependants(list.key)) findings += ws.analyze(key).findings.length;
    keep(findings);
  };
}

async function entityValidation(kind, count) {
  const files = readEntitySet(count).filter((f) => core.defaultFileKindOf(f.key) === 'entity');
  if (kind === 'core')
    return () => keep(files.reduce((n, f) => n + core.analyzeEntity(f.text).findings.items.length, 0));
  if (kind !== 'jsonls') throw new Error(`unknown entity validator ${kind}`);
  const { getLanguageService, TextDocument } = require('vscode-json-languageservice');
  const service = getLanguageService({});
  const schema = JSON.parse(readFileSync(ENTITY_SCHEMA_PATH, 'utf8'));
  service.configure({
    validate: true,
    allowComments: true,
    schemas: [{ uri: ENTITY_SCHEMA_PATH.href, fileMatch: ['*.entity.json'], schema }],
  });
  const documents = files.map((f, i) => TextDocument.create(`file://${f.key}`, 'jsonc', i, f.text));
  // Parse + schema validation: the same work a JSON editor does per file (core.analyzeEntity parses too).
  return async () => {
    let n = 0;
    for (const document of documents)
      n += (await service.doValidation(document, service.parseJSONDocument(document), { comments: 'ignore' })).length;
    keep(n);
  };
}

/**
 * CMS eligibility records for NPIs of the 100k list, with the row's entity and TIN (one in ten names another TIN,
 * one in ten another entity, scores off by a point), and an entity file for each entity id of the list.
 */
function reconcile(count) {
  const key = listPath('100k');
  const text = readFileSync(key, 'utf8');
  const ws = new core.QppWorkspace();
  ws.setFile(key, text);
  const rows = ws.list(key).rows;
  const entityIds = [...new Set(rows.entityIds)];
  for (const id of entityIds)
    ws.setFile(
      `${key}.d/${id}.entity.json`,
      JSON.stringify({
        performanceYear: 2024,
        apm: { id: 'SSP', track: 'ENHANCED' },
        entity: { id },
        qp: { snapshots: [{ date: '2024-06-30', payments: { numerator: 52, denominator: 100 } }] },
      }),
    );
  const records = [];
  for (let i = 0; i < count; i++) {
    const row = rows.get(Math.floor((i * rows.length) / count));
    records.push({
      year: 2024,
      data: {
        npi: row.npi,
        qpStatus: i % 7 === 0 ? 'P' : 'Y',
        organizations: [
          {
            TIN: `XXXXX${i % 10 === 0 ? '0000' : row.tin.slice(-4)}`,
            apms: [
              {
                apmEntityId: i % 10 === 1 ? 'A9999' : row.entityId,
                apmId: '08',
                lvtFlag: false,
                qpPaymentScores: { '2024-06-30': { me: i % 5 === 0 ? 53 : 52 } },
              },
            ],
          },
        ],
      },
    });
  }
  const recordText = JSON.stringify(records);
  const recordKey = `${key}.d/cms.eligibility.json`;
  return () => {
    ws.setFile(recordKey, recordText);
    let findings = 0;
    for (const k of ws.keys()) findings += ws.analyze(k).findings.length;
    ws.deleteFile(recordKey);
    keep(findings);
  };
}

const [measurement, a, b] = process.argv.slice(2);
let work;
if (measurement === 'parse') work = await parsers(a, b);
else if (measurement === 'workspace') work = workspaceEdit(Number(a));
else if (measurement === 'entity') work = await entityValidation(a, Number(b));
else if (measurement === 'reconcile') work = reconcile(Number(a));
else throw new Error(`unknown measurement ${measurement}`);
const ms = await timeOnce(work);
process.stdout.write(`${JSON.stringify({ ms, sink })}\n`);
