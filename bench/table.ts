// Prints a results file as a Markdown table, for the README: node --import tsx bench/table.ts <file.json>
import { readFileSync } from 'node:fs';
import { type BenchResults, formatMarkdown } from './results';

const file = process.argv[2];
if (!file) throw new Error('usage: node --import tsx bench/table.ts bench/results/<date>.json');
const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
const m = results.machine;
console.log(
  `${results.mode} run of ${results.startedAt.slice(0, 10)}, ${m.cpus} CPUs, ${m.memoryGiB} GiB, PostgreSQL ` +
    `${m.postgres.split(' ')[0]}, Node ${m.node}; load average ${m.loadAverageStart[0]} at the start, ` +
    `${m.loadAverageEnd[0]} at the end.\n`,
);
console.log(formatMarkdown(results.figures));
