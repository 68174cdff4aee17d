// The reader alone, for the .xlsx case of bench/run.mjs: reads a workbook with read-excel-file exactly as
// qpp-check does (server/src/xlsx.ts: the universal build, numbers kept as written) and touches every cell.
// Usage: node bench/xlsx-read.mjs <file.xlsx>
import { readFileSync } from 'node:fs';
import readXlsxFile from 'read-excel-file/universal';

const bytes = readFileSync(process.argv[2]);
const sheets = await readXlsxFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), {
  parseNumber: (text) => text,
});
let cells = 0;
for (const row of sheets[0].data) cells += row.length;
console.log(JSON.stringify({ rows: sheets[0].data.length, cells }));
