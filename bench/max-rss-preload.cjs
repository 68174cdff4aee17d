// Loaded with `node --require` in front of the CLI when /usr/bin/time is missing: writes the process's own peak
// RSS to $BENCH_RSS_FILE as it exits, so bench/run.mjs can report the CLI's memory.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE)
    writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
});
