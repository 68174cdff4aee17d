// A repeated property in an entity file: JSON.parse keeps the last value, so `performanceYear` 2024 then 2025 is
// read as PY2025. The warning sits on the value used and points at the one ignored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageOf, positionOf, withClient } from './lspClient';

const REPEATED_YEAR = `{
  "performanceYear": 2024,
  "apm": { "id": "SSP", "track": "ENHANCED" },
  "entity": { "id": "A1234" },
  "performanceYear": 2025
}
`;

test('a repeated key warns on the one used, with the ignored one as related information', async () => {
  await withClient({}, async (client, ws) => {
    const uri = ws.uri('a1234.entity.json');
    client.open(uri, REPEATED_YEAR);
    const published = await client.waitForDiagnostics(uri);
    const duplicates = published.diagnostics.filter((d) => d.code === 'JSON002');
    assert.equal(duplicates.length, 1, JSON.stringify(published.diagnostics));
    const [warning] = duplicates;
    assert.equal(warning.severity, 2);
    assert.deepEqual(warning.range.start, positionOf(REPEATED_YEAR, '"performanceYear": 2025'));
    assert.match(messageOf(warning), /"performanceYear".*last one is used/);
    assert.deepEqual(warning.relatedInformation?.map((r) => [r.location.uri, r.location.range.start]), [[uri, positionOf(REPEATED_YEAR, '"performanceYear": 2024')]]);
  });
});
