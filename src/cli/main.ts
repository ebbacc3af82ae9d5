#!/usr/bin/env node
// The `capsim` command: a thin shell over the library API. Bad input exits 2 with a message that
// names the file, the field and what is allowed; nothing is written when a run fails.

//
// Each command's module is imported when that command runs, so a command loads only what it
// uses (`capsim --help` neither the simulator nor the report writers, `capsim run` the report
// writers only with --out).

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { CAPSIM_VERSION } from '../domain/version.js';
import { FlagError, checkSwitches, failOnFlag, jobsFlag, pathFlag, seedFlag, toleranceFlag } from './flags.js';
import type { Argv } from 'yargs';
import type { shardFrom } from './sweep.js';

/** The options `capsim sweep` and `capsim sensitivity` share. */
function sweepOptions<T>(y: Argv<T>) {
  return y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON), with a sweep: block or --set' })
    .option('set', { type: 'string', describe: 'a parameter to sweep: path=v1,v2,... or path=from..to:step (repeatable), e.g. --set service.autoscaling.targetTracking.0.target=40..70:10' })
    .option('out', { type: 'string', describe: 'directory for sweep.csv, sweep.json, report.md, report.html and charts/ (with --shard: the part file)' })
    .option('jobs', { type: 'string', describe: 'worker processes for the point × alternative × replication runs, 1 = all in this process (default: every core for a long sweep)' })
    .option('replications', { type: 'string', describe: "runs per point and alternative on different seeds (overrides the scenario's replications)" })
    .option('seed', { type: 'string', describe: "override the scenario's seed (a whole number ≥ 0)" })
    .option('shard', { type: 'string', describe: 'run share i of N of the points (1-based, e.g. 2/3) and write a part for capsim merge; default from JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX when set' })
    .option('shard-count', { type: 'string', describe: 'the number of shares when the index comes from JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX (else CAPSIM_SHARD_COUNT, or AWS_BATCH_JOB_ARRAY_SIZE)' })
    .option('confidence', { type: 'string', describe: 'select the cheapest point meeting the SLO by ranking and selection with this probability of correct selection, e.g. 0.95 (sweep.select.confidence)' })
    .option('indifference', { type: 'string', describe: 'the selection\'s indifference zone in USD over the scenario\'s horizon (rows compare per month), e.g. 5 (sweep.select.indifference)' })
    .option('max-replications', { type: 'string', describe: 'the most replications the selection gives a point × alternative (sweep.select.maxReplications, default 20)' })
    .option('quiet', { type: 'boolean', describe: 'no progress on stderr' })
    .option('color', { type: 'boolean', describe: 'colour the table (default: when stdout is a terminal)' });
}

/** --confidence, --indifference and --max-replications, checked; undefined fields are not given. */
function selectFlags(args: Record<string, unknown>) {
  const number = (flag: string, ok: (n: number) => boolean, allowed: string): number | undefined => {
    const value = args[flag];
    if (value === undefined) return undefined;
    const text = String(value).trim();
    const n = Number(text);
    if (text === '' || !Number.isFinite(n) || !ok(n)) throw new FlagError(flag, `"${text}" is not ${allowed}`, allowed);
    return n;
  };
  const select = {
    confidence: number('confidence', (n) => n > 0 && n < 1, 'a probability between 0 and 1 (exclusive), e.g. 0.95'),
    indifferenceUsd: number('indifference', (n) => n > 0 && n <= 1e9, 'an amount of USD above 0, e.g. 5'),
    maxReplications: number('max-replications', (n) => Number.isInteger(n) && n >= 2 && n <= 1000, 'a whole number from 2 to 1000'),
  };
  return Object.values(select).some((v) => v !== undefined) ? Object.fromEntries(Object.entries(select).filter(([, v]) => v !== undefined)) : undefined;
}

function setsFlag(value: unknown): string[] {
  return value === undefined ? [] : ([] as unknown[]).concat(value).map(String);
}

function replicationsFlag(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 1000) throw new FlagError('replications', `"${text}" is not a whole number from 1 to 1000`, 'a whole number from 1 to 1000');
  return n;
}

function sweepArgs(args: Record<string, unknown>, shard: typeof shardFrom, mode?: 'grid' | 'one-at-a-time') {
  return {
    scenario: String(args.scenario),
    sets: setsFlag(args.set),
    out: pathFlag('out', args.out),
    jobs: jobsFlag(args.jobs),
    replications: replicationsFlag(args.replications),
    seed: seedFlag(args.seed),
    mode,
    shard: shard(args.shard, args['shard-count']),
    select: selectFlags(args),
    quiet: args.quiet === true,
    color: (args.color as boolean | undefined) ?? process.stdout.isTTY === true,
  };
}

export const EXIT_BAD_INPUT = 2;

async function main(argv: string[]): Promise<void> {
  checkSwitches(argv);
  await yargs(argv)
    .scriptName('capsim')
    // capsim speaks English whatever the machine's locale (yargs would translate its own few
    // words, "Optionen:", around capsim's English), so --help reads the same everywhere.
    .locale('en')
    .usage('$0 <command> [options]\n\nSimulate the capacity and cost of containers on AWS (ECS/EKS on Fargate and EC2).')
    .command(
      'run <scenario>',
      'simulate every alternative of a scenario and compare them',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
          .option('out', { type: 'string', describe: 'directory for the report files (results.json, timeseries.csv, ...)' })
          .option('seed', { type: 'string', describe: "override the scenario's seed (a whole number ≥ 0)" })
          .option('format', { choices: ['table', 'json'] as const, default: 'table' as const, describe: 'what to print on stdout' })
          .option('color', { type: 'boolean', describe: 'colour the table (default: when stdout is a terminal)' })
          .option('wide', { type: 'boolean', describe: 'print the table as one block however wide (default: fit the terminal, 100 columns when piped; deciding columns first)' })
          .option('baseline', { type: 'string', describe: 'a saved results.json to diff against; exit 3 on a regression (cost, SLO, drops)' })
          .option('tolerance', { type: 'string', describe: 'relative cost change allowed against the baseline (default 0.01 = 1%)' })
          .option('fail-on', { type: 'string', describe: 'gates against the baseline instead, e.g. "cost>+5%,sloMinutes>+0,p95>+10%,dropped>+0" (default: the scenario\'s thresholds)' })
          .option('jobs', { type: 'string', describe: 'worker processes for the alternatives and replications, 1 = all in this process (default: every core when the run is estimated to take 5 s or more, else 1)' })
          .option('parquet', { type: 'boolean', describe: 'also write timeseries.parquet (needs --out): the per-minute series as one columnar table (float32)' }),
      async (args) =>
        (await import('./run.js')).runCommand({
          scenario: args.scenario,
          out: pathFlag('out', args.out),
          seed: seedFlag(args.seed),
          format: args.format,
          color: args.color ?? process.stdout.isTTY === true,
          baseline: pathFlag('baseline', args.baseline),
          tolerance: toleranceFlag(args.tolerance, args.baseline),
          failOn: failOnFlag(args['fail-on']),
          jobs: jobsFlag(args.jobs),
          parquet: args.parquet === true,
          wide: args.wide === true,
        }),
    )
    .command(
      'report <results>',
      're-render reports from a saved results.json (with its timeseries.csv and events.csv beside it)',
      (y) =>
        y
          .positional('results', { type: 'string', demandOption: true, describe: 'results.json of an earlier run' })
          .option('out', { type: 'string', demandOption: true, describe: 'directory for the report files' })
          .option('color', { type: 'boolean' })
          .option('wide', { type: 'boolean', describe: 'print the table as one block however wide (default: fit the terminal, 100 columns when piped)' })
          .option('parquet', { type: 'boolean', describe: 'also write timeseries.parquet: the per-minute series as one columnar table (float32)' }),
      async (args) =>
        (await import('./run.js')).reportCommand({ results: args.results, out: pathFlag('out', args.out)!, color: args.color ?? process.stdout.isTTY === true, parquet: args.parquet === true, wide: args.wide === true }),
    )
    .command(
      'diff <baseline> <current>',
      'compare two saved results.json per alternative and metric; exit 3 when a gate fails',
      (y) =>
        y
          .positional('baseline', { type: 'string', demandOption: true, describe: 'results.json of the baseline run (or its directory)' })
          .positional('current', { type: 'string', demandOption: true, describe: 'results.json of the new run (or its directory)' })
          .option('format', { choices: ['table', 'md', 'json'] as const, default: 'table' as const, describe: 'table, md (a pull-request comment) or json' })
          .option('fail-on', { type: 'string', describe: 'gates, e.g. "cost>+5%,sloMinutes>+0,p95>+10%,dropped>+0" (default: the new result\'s scenario thresholds)' }),
      async (args) => (await import('./diff.js')).diffCommand({ baseline: pathFlag('baseline', args.baseline)!, current: pathFlag('current', args.current)!, format: args.format, failOn: failOnFlag(args['fail-on']) }),
    )
    .command(
      'sweep <scenario>',
      'run every point of a sweep (the sweep: block and --set) × every alternative; the Pareto front and the cheapest point that meets the SLO',
      (y) => sweepOptions(y),
      async (args) => {
        const sweep = await import('./sweep.js');
        return sweep.sweepCommand(sweepArgs(args, sweep.shardFrom));
      },
    )
    .command(
      'sensitivity <scenario>',
      'vary each sweep parameter alone around the scenario as written: how cost and SLO misses move, where the recommendation flips (a tornado chart)',
      (y) => sweepOptions(y),
      async (args) => {
        const sweep = await import('./sweep.js');
        return sweep.sweepCommand(sweepArgs(args, sweep.shardFrom, 'one-at-a-time'));
      },
    )
    .command(
      'merge <parts..>',
      'join the part files of a sharded sweep (capsim sweep --shard) into what an unsharded sweep writes',
      (y) =>
        y
          .positional('parts', { type: 'string', array: true, demandOption: true, describe: 'part files (sweep-part-i-of-N.json) or directories holding them (searched with their subdirectories)' })
          .option('out', { type: 'string', demandOption: true, describe: 'directory for the merged sweep' })
          .option('color', { type: 'boolean' }),
      async (args) => (await import('./sweep.js')).mergeCommand({ parts: (args.parts as string[]).map(String), out: pathFlag('out', args.out)!, color: args.color ?? process.stdout.isTTY === true }),
    )
    .command(
      'validate <scenario>',
      "check a scenario without running it and print what a run would be given, as the report's Inputs section shows it (workload, SLO, horizon, seed; per alternative capacity, task, scaling and lifecycle, assumptions marked)",
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true })
          .option('wide', { type: 'boolean', default: false, describe: "one line per input however long (default: wrapped to the terminal's width, 100 columns when piped)" }),
      async (args) => {
        const [{ validateCommand }, { terminalWidth }] = await Promise.all([import('./validate.js'), import('../report/table.js')]);
        return validateCommand(args.scenario, args.wide ? undefined : terminalWidth(process.stdout));
      },
    )
    .command(
      'catalog <table>',
      'print a catalog table with its sources',
      (y) =>
        y
          .positional('table', { choices: ['fargate', 'ec2', 'sizes'] as const, demandOption: true })
          .option('region', { type: 'string', default: 'us-east-1' }),
      async (args) => (await import('./catalog.js')).catalogCommand(args.table, args.region),
    )
    .demandCommand(1, 'say which command to run')
    .strict()
    .version(CAPSIM_VERSION)
    .help()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`capsim: ${msg}\nRun "capsim --help" for usage.\n`);
      process.exit(EXIT_BAD_INPUT);
    })
    .parseAsync();
}

// `capsim run x.yaml | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

/** Is `err` bad input (one line, exit 2)? The error classes' modules are loaded only to ask. */
async function badInput(err: unknown): Promise<boolean> {
  if (!(err instanceof Error)) return false;
  if (err instanceof FlagError) return true;
  const [{ ScenarioError }, { CatalogError }, { ReportLoadError, OutputDirError }, { MergeError }] = await Promise.all([
    import('../domain/errors.js'),
    import('../catalog/index.js'),
    import('../report/index.js'),
    import('../run/sweep.js'),
  ]);
  return err instanceof ScenarioError || err instanceof CatalogError || err instanceof ReportLoadError || err instanceof OutputDirError || err instanceof MergeError;
}

main(hideBin(process.argv)).catch(async (err: unknown) => {
  if (await badInput(err)) {
    process.stderr.write(`capsim: ${(err as Error).message}\n`);
    process.exit(EXIT_BAD_INPUT);
  }
  process.stderr.write(`capsim: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
