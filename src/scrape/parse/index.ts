// Exposition-format pull parsers: Prometheus text 0.0.4 and OpenMetrics 1.0.
export { ParseError, type EntryType, type Exemplar, type ExpositionParser, type MetricType } from './types.js';
export { PromTextParser } from './promtext.js';
export { OpenMetricsParser, type OpenMetricsOptions } from './openmetrics.js';
export { contentTypeToParser, parseMediaType } from './content-type.js';
