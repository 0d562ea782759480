// PromQL test scripts (Prometheus's promqltest language) run against our engine.
export { parseSeriesDesc, parseGoNumber, SeriesDescError, type SeqValue, type SeriesDesc } from './series.js';
export { parseScript, isFail, isOrdered, type ScriptCommand, type EvalCmd, type LoadCmd, type ClearCmd, type ErrorCmd, type ExpectLine, type ExpectType } from './script.js';
export { almostEqual, compareResult, checkAnnotations, checkExpectedFailure, DEFAULT_EPSILON } from './compare.js';
export {
  runScript, runFiles, summaryLine, atModifierCases, CORE_TIER, TEST_ENGINE_OPTIONS,
  type QueryEngineLike, type PromQLSyntax, type RunOptions, type RunSummary, type EvalResult, type EvalStatus,
} from './runner.js';
