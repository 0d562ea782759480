// Series selectors for match[] parameters and tools: the PromQL parser's
// ParseMetricSelector (kept here for existing importers).
export { parseMetricSelector, unquoteString } from './parser/index.js';
