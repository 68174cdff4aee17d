// Lists kept as .xlsx workbooks (issue 20, part 4): the chosen sheet becomes CSV text, row for row, and findings
// come back to sheet cells. Workbooks are written as Excel writes them (numbers, typed dates, inline strings).
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { test } from 'node:test';
import { parseParticipationList } from '../../server/src/core';
import {
  MAX_XLSX_UNZIPPED_BYTES,
  cellReference,
  plainNumber,
  readXlsxList,
  sheetCellAt,
  type SheetList,
} from '../../server/src/xlsx';
import { workbookBytes, type Cell } from '../helpers/xlsx';

const CMS_HEADER: Cell[] = ['APM ID', 'APM Entity ID', 'TIN', 'NPI', 'Clinician Name', 'Start Date', 'End Date'];
const jan1 = new Date(Date.UTC(2025, 0, 1));
const dec31 = new Date(Date.UTC(2025, 11, 31));

async function listOf(bytes: Uint8Array, sheet?: string): Promise<SheetList> {
  const result = await readXlsxList(bytes, sheet);
  if ('problem' in result) assert.fail(result.problem);
  return result.list;
}

/** Each finding of the sheet's list as `code cell`. */
function findingCells(list: SheetList): string[] {
  const shown = parseParticipationList(list.csv).findings.items.filter((f) => f.severity !== 'hint');
  return shown.map((f) => {
    const { row, column } = sheetCellAt(list, f.start);
    return `${f.code} ${cellReference(list.sheet, row, column)}`;
  });
}

test('a sheet in the QPP eligibility layout with typed numbers and dates is read as its CSV export', async () => {
  const list = await listOf(
    workbookBytes([
      {
        name: 'Participants',
        rows: [
          CMS_HEADER,
          ['08', 'A9103', 991009006, 1999090081, 'Synthetic Clinician, One', jan1, dec31],
          ['08', 'A9103', 991009006, 1999090099, 'Synthetic "Two"', '1/1/2025', true],
        ],
      },
    ]),
  );
  assert.equal(list.sheet, 'Participants');
  assert.equal(
    list.csv,
    'APM ID,APM Entity ID,TIN,NPI,Clinician Name,Start Date,End Date\n' +
      '08,A9103,991009006,1999090081,"Synthetic Clinician, One",2025-01-01,2025-12-31\n' +
      '08,A9103,991009006,1999090099,"Synthetic ""Two""",1/1/2025,TRUE\n',
  );
  assert.deepEqual(findingCells(list), ['CSV006 Participants!G3']);
});

test('an 8-digit TIN typed as a number is XL001 at its cell; empty rows keep the rows below in place', async () => {
  const list = await listOf(
    workbookBytes([
      {
        name: 'List 2025',
        rows: [
          CMS_HEADER,
          ['08', 'A9103', 991009006, 1999090081, 'One', jan1, dec31],
          [null, null, null, null, null, null, null],
          [],
          ['08', 'A9103', 19990901, 1999090123, 'Two', jan1, dec31],
        ],
      },
    ]),
  );
  assert.deepEqual(findingCells(list), ["XL001 'List 2025'!C5"]);
});

test('the first sheet whose header names list columns is read; a sheet option picks another or names the sheets', async () => {
  const bytes = workbookBytes([
    { name: 'Read me', rows: [['This workbook lists our clinicians']] },
    { name: 'Participants', rows: [CMS_HEADER, ['08', 'A9103', 991009006, 1999090081, 'One', jan1, dec31]] },
    { name: 'Old', rows: [CMS_HEADER, ['08', 'A9103', 991009006, 1234567890, 'One', jan1, dec31]] },
  ]);
  assert.equal((await listOf(bytes)).sheet, 'Participants');
  const old = await listOf(bytes, 'old');
  assert.equal(old.sheet, 'Old');
  assert.deepEqual(findingCells(old), ['ID002 Old!D2']);
  assert.deepEqual(await readXlsxList(bytes, 'Participants 2026'), {
    problem: 'no sheet "Participants 2026" in the workbook; its sheets: "Read me", "Participants", "Old"',
  });
  const noList = workbookBytes([{ name: 'Notes', rows: [['hello']] }]);
  assert.equal((await listOf(noList)).sheet, 'Notes');
});

test('a title row above the header is not skipped: the header is row 1, as in a CSV list', async () => {
  const list = await listOf(
    workbookBytes([{ name: 'Sheet1', rows: [['ACO Participant List 2025'], CMS_HEADER, ['08', 'A9103', 991009006]] }]),
  );
  assert.ok(findingCells(list).includes('CSV003 Sheet1!A1'), findingCells(list).join());
});

test('files that are not workbooks give a clear problem, never a throw', async () => {
  const text = new TextEncoder().encode('apm_id,apm_entity_id,tin,npi\nSSP,A1234,991234567,1234567893\n');
  assert.match(((await readXlsxList(text)) as { problem: string }).problem, /not an \.xlsx workbook.*CSV/);
  const good = workbookBytes([{ name: 'S', rows: [CMS_HEADER] }]);
  const truncated = good.subarray(0, Math.floor(good.length / 2));
  assert.match(((await readXlsxList(truncated)) as { problem: string }).problem, /damaged|not an \.xlsx/);
  // A password-protected workbook is an OLE2 compound file, as an old .xls is.
  const ole2 = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(504)]);
  assert.match(((await readXlsxList(ole2)) as { problem: string }).problem, /password-protected/);
  assert.match(((await readXlsxList(new Uint8Array(0))) as { problem: string }).problem, /not an \.xlsx/);
});

test('a zip bomb (a sheet declared to unzip to a gigabyte) is refused before it is unzipped', async () => {
  const bomb = zipWithDeclaredSize('xl/worksheets/sheet1.xml', deflateRawSync(Buffer.alloc(1 << 20)), 1 << 30);
  const result = await readXlsxList(bomb);
  assert.match((result as { problem: string }).problem, /unzips to 1024\.0 MiB/);
  assert.ok(1 << 30 > MAX_XLSX_UNZIPPED_BYTES);
});

test('a zip entry that unzips past the size it declares is read no further than that size', async () => {
  // 64 MiB of zeros declared as 1,000 bytes: the unzipper writes into a buffer of the declared size.
  const liar = zipWithDeclaredSize('xl/workbook.xml', deflateRawSync(Buffer.alloc(64 << 20)), DECLARED_BY_LIAR);
  const before = process.memoryUsage().rss;
  const result = await readXlsxList(liar);
  const grown = process.memoryUsage().rss - before;
  assert.ok('problem' in result, 'a workbook with no readable parts is a problem');
  assert.ok(grown < 32 << 20, `reading it took ${grown >> 20} MiB more`);
});

/** What the lying entry declares (setting it to its true 64 MiB makes the test above fail: it is unzipped whole). */
const DECLARED_BY_LIAR = 1000;

test('numbers are written in plain digits, never in exponent notation', () => {
  assert.equal(plainNumber('1.99E9'), '1990000000');
  assert.equal(plainNumber('1.99000102E+9'), '1990001020');
  assert.equal(plainNumber('12345678'), '12345678');
  assert.equal(plainNumber('2.5e-3'), '0.0025');
  assert.equal(plainNumber('-1E2'), '-100');
  assert.equal(cellReference('Participants', 5, 2), 'Participants!C5');
  assert.equal(cellReference('A', 1, 27), 'A!AB1');
});

/** A one-entry zip whose directory declares `declared` bytes for a deflated entry. */
function zipWithDeclaredSize(name: string, deflated: Uint8Array, declared: number): Uint8Array {
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const centralStart = local.length + nameBytes.length + deflated.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(centralStart, 16);
  return Buffer.concat([local, nameBytes, deflated, central, nameBytes, end]);
}
