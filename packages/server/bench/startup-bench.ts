/**
 * `pnpm bench:startup`: how long the server takes to start, in fresh processes (bench/startup-child.ts
 * runs once per process, BENCH_RUNS times, one after the other):
 *   import    loading the built package
 *   fresh     createServer() on a new SQLite data dir: migrations, seeding, every route compiled
 *   restart   createServer() again in the same process on the same data dir
 * Targets (medians): fresh <= 1500 ms, restart <= 750 ms. Start-up once took ~5 s because every
 * route's serializer re-validated every shared schema (docs/benchmarks.md).
 * Prints a table and the verdicts, writes bench/results/startup-bench.json. Exit code 0 with PASS or
 * FAIL (a report); 1 if a run failed.
 *
 * Env: BENCH_RUNS (5).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { envInt } from './env.js';
import { formatTable } from './table.js';

interface Run {
  importMs: number;
  freshMs: number;
  restartMs: number;
}

const TARGETS = { freshMs: 1500, restartMs: 750 };
const RESULTS_FILE = new URL('./results/startup-bench.json', import.meta.url);
const CHILD = fileURLToPath(new URL('./startup-child.ts', import.meta.url));

const runs: Run[] = [];
const count = envInt('BENCH_RUNS', 5, 1);
for (let i = 0; i < count; i++) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', CHILD], { encoding: 'utf8' });
  runs.push(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Run);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const figure = (key: keyof Run) => ({
  median: median(runs.map((r) => r[key])),
  max: Math.max(...runs.map((r) => r[key])),
});
const result = {
  runs: count,
  import: figure('importMs'),
  fresh: figure('freshMs'),
  restart: figure('restartMs'),
};

console.log(
  formatTable(
    ['phase', 'median ms', 'max ms', 'target ms'],
    [
      ['import', result.import.median.toFixed(0), result.import.max.toFixed(0), '-'],
      ['fresh', result.fresh.median.toFixed(0), result.fresh.max.toFixed(0), `${TARGETS.freshMs}`],
      ['restart', result.restart.median.toFixed(0), result.restart.max.toFixed(0), `${TARGETS.restartMs}`],
    ],
  ),
);
const verdicts = [
  { name: 'fresh', ok: result.fresh.median <= TARGETS.freshMs },
  { name: 'restart', ok: result.restart.median <= TARGETS.restartMs },
];
for (const v of verdicts) console.log(`${v.ok ? 'PASS' : 'FAIL'} ${v.name} start-up median`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(RESULTS_FILE, `${JSON.stringify({ ...result, targets: TARGETS, verdicts }, null, 2)}\n`);
