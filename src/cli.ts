#!/usr/bin/env node
// `hyperion`: one binary, one subcommand per process (see DESIGN.md).
import { Command, CommanderError } from 'commander';
import { VERSION } from './util/metrics.js';
import { registerCore } from './cmd/core.js';
import { registerTools } from './cmd/tools.js';

const program = new Command();
program
  .name('hyperion')
  .description('A Thanos-class global query view and long-term store for Prometheus metrics.')
  .version(VERSION)
  .showHelpAfterError()
  .exitOverride();

registerCore(program);
registerTools(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode);
  process.stderr.write(`hyperion: ${(e as Error).message}\n`);
  process.exit(1);
}
