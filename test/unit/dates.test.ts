// Day numbers from list and entity dates, against the platform's own calendar (Date.UTC).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isoDate, parseDate } from '../../server/src/core';

test('every ISO and US date from 1890 to 2210 (with impossible months and days) parses as Date.UTC says, inside 1900-2200', () => {
  let checked = 0;
  for (let year = 1890; year <= 2210; year++) {
    for (let month = 0; month <= 13; month++) {
      for (let day = 0; day <= 32; day++) {
        const utc = new Date(Date.UTC(year, month - 1, day));
        const real =
          year >= 1900 &&
          year <= 2200 &&
          month >= 1 &&
          month <= 12 &&
          day >= 1 &&
          utc.getUTCMonth() === month - 1 &&
          utc.getUTCDate() === day;
        const expected = real ? Date.UTC(year, month - 1, day) / 86_400_000 : null;
        const mm = String(month).padStart(2, '0');
        const dd = String(day).padStart(2, '0');
        assert.equal(parseDate(`${year}-${mm}-${dd}`), expected, `${year}-${mm}-${dd}`);
        assert.equal(parseDate(`${mm}/${dd}/${year}`), expected, `${mm}/${dd}/${year}`);
        checked++;
      }
    }
  }
  assert.equal(checked, 321 * 14 * 33);
});

test('surrounding whitespace is ignored, other shapes are not dates, and isoDate reverses parseDate', () => {
  assert.equal(parseDate(' \t2024-02-29\u00a0'), parseDate('2024-02-29'));
  for (const text of ['', '2024-2-29', '2024/02/29', '29-02-2024', '2024-02-29T00:00', '２０２４-02-29'])
    assert.equal(parseDate(text), null, text);
  assert.equal(isoDate(parseDate('2024-02-29')!), '2024-02-29');
  assert.equal(isoDate(parseDate('12/31/2199')!), '2199-12-31');
});
