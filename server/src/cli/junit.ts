// JUnit XML for CI dashboards (Jenkins, GitLab, Azure Pipelines): one test suite per file, one failing test case per
// finding, and one passing test case for a file without findings, as ESLint's junit formatter writes them.
import type { ReportJson } from '../core';

export function junitXml(report: ReportJson): string {
  const lines = ['<?xml version="1.0" encoding="utf-8"?>'];
  const failures = report.files.reduce((n, file) => n + file.diagnostics.length, 0);
  const tests = report.files.reduce((n, file) => n + Math.max(1, file.diagnostics.length), 0);
  lines.push(`<testsuites name="qpp-check" tests="${tests}" failures="${failures}" errors="0">`);
  for (const file of report.files) {
    const path = xml(file.path);
    const count = file.diagnostics.length;
    lines.push(`  <testsuite name="${path}" tests="${Math.max(1, count)}" failures="${count}" errors="0">`);
    if (count === 0) lines.push(`    <testcase name="${path}" classname="${path}"/>`);
    for (const d of file.diagnostics) {
      const where = `${d.range.start.line + 1}:${d.range.start.character + 1}`;
      lines.push(
        `    <testcase name="${xml(`${d.code} ${where}`)}" classname="${path}">`,
        `      <failure type="${d.severity}" message="${xml(d.message)}">${xml(`${file.path}:${where} ${d.severity} ${d.code} ${d.message}`)}</failure>`,
        '    </testcase>',
      );
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

/** Text as XML character data or an attribute value; characters XML 1.0 cannot hold become U+FFFD. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;');
}
