// `hyperion tools …`: offline utilities. `tools tsdb` mirrors `promtool tsdb`;
// `tools promql test` runs Prometheus's PromQL test scripts against our engine.
import { InvalidArgumentError, type Command } from 'commander';
import { durationArg, int64Arg } from './flags.js';
import { analyze, dump, importOpenMetrics, listBlocks } from '../tools/tsdb.js';
import { compileGoRegexp } from '../promql/promqltest/script.js';
import { runFiles, summaryLine, type EvalResult } from '../promql/promqltest/runner.js';

const out = (s: string) => {
  process.stdout.write(s);
};

export function registerTools(program: Command): void {
  const tools = program.command('tools').description('Offline tools: TSDB blocks (like promtool tsdb), PromQL test scripts');
  const tsdb = tools.command('tsdb').description('Inspect and build TSDB blocks');

  tsdb
    .command('create-blocks-from')
    .description('Import samples from input and produce TSDB blocks')
    .command('openmetrics')
    .description('Import samples from an OpenMetrics file into 2h-aligned blocks')
    .argument('<input>', 'OpenMetrics file to read samples from')
    .argument('[outdir]', 'Output directory for generated blocks', 'data/')
    .option('-r, --human-readable', 'Print human readable values', false)
    .option('-q, --quiet', 'Do not print created blocks', false)
    .option('--max-block-duration <duration>', 'Maximum duration created blocks may span', durationArg, 2 * 3600_000)
    .option('--label <name=value...>', 'Label to attach to every imported series')
    .action((input: string, outdir: string, o: { humanReadable: boolean; quiet: boolean; maxBlockDuration: number; label?: string[] }) => {
      const customLabels: Record<string, string> = {};
      for (const kv of o.label ?? []) {
        const i = kv.indexOf('=');
        if (i <= 0) throw new Error(`--label wants name=value, got ${JSON.stringify(kv)}`);
        customLabels[kv.slice(0, i)] = kv.slice(i + 1);
      }
      importOpenMetrics(input, outdir, {
        maxBlockDuration: o.maxBlockDuration,
        humanReadable: o.humanReadable,
        quiet: o.quiet,
        customLabels,
        out,
        progress: !o.quiet,
      });
    });

  tsdb
    .command('dump')
    .description('Dump samples from a TSDB directory (blocks and WAL)')
    .argument('[dir]', 'Database path', 'data/')
    .option('--min-time <ms>', 'Minimum timestamp to dump (ms)', int64Arg)
    .option('--max-time <ms>', 'Maximum timestamp to dump (ms)', int64Arg)
    .option('--match <selector...>', 'Series selector (repeatable)')
    .action((dir: string, o: { minTime?: number; maxTime?: number; match?: string[] }) => {
      dump(dir, { minTime: o.minTime, maxTime: o.maxTime, match: o.match }, out);
    });

  tsdb
    .command('list')
    .description('List the blocks of a TSDB directory')
    .argument('[dir]', 'Database path', 'data/')
    .option('-r, --human-readable', 'Print human readable values', false)
    .action((dir: string, o: { humanReadable: boolean }) => listBlocks(dir, o.humanReadable, out));

  tsdb
    .command('analyze')
    .description('Analyze churn, label pair cardinality and compaction efficiency of a block')
    .argument('[dir]', 'Database path', 'data/')
    .argument('[block]', 'Block ID (default: the newest block)')
    .option('--limit <n>', 'How many items to show in each list', (v) => int64Arg(v), 20)
    .option('--match <selector>', 'Series selector to analyze')
    .action((dir: string, block: string | undefined, o: { limit: number; match?: string }) => analyze(dir, block, o.limit, out, o.match));

  const promql = tools.command('promql').description('PromQL utilities');
  promql
    .command('test')
    .description('Run PromQL test scripts (Prometheus promqltest language); ends with "N passed, N failed, N skipped"')
    .argument('<files...>', 'Test script files (.test)')
    .option('--run <regex>', 'Only run evals whose query or file:line matches this regular expression', (v: string) => {
      try {
        return compileGoRegexp(v);
      } catch (e) {
        throw new InvalidArgumentError((e as Error).message);
      }
    })
    .option('-v, --verbose', 'Also list skipped evals', false)
    .action(async (files: string[], o: { run?: RegExp; verbose: boolean }) => {
      const report = (r: EvalResult) => {
        if (r.status === 'failed') out(`FAIL ${r.file}:${r.line}: ${r.query}\n  ${(r.message ?? '').replace(/\n/g, '\n  ')}\n`);
        else if (r.status === 'skipped' && o.verbose) out(`SKIP ${r.file}:${r.line}: ${r.query} (${r.message ?? ''})\n`);
      };
      const s = await runFiles(files, { filter: o.run, onResult: report });
      out(summaryLine(s) + '\n');
      if (s.failed > 0) process.exitCode = 1;
    });
}
