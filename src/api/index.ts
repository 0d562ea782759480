// The Prometheus HTTP API (see docs/api.md).
export {
  registerApiV1,
  type ApiOptions,
  type QueryEngine,
  type EngineQueryOptions,
  type PromQLParser,
  type MetadataSource,
  type MetricMetadata,
  type BuildInfo,
  type RuntimeInfo,
} from './v1.js';
export { headTSDBStatus, tsdbStatusJSON, type TSDBStatus, type TSDBStat } from './tsdbstatus.js';
export { QueryGate } from './gate.js';
export {
  ApiError, Form, parseTime, parseRFC3339, parseDurationNs, parseLimitParam, unescapeName, isValidLabelName,
  MIN_TIME_MS, MAX_TIME_MS, MIN_TIME_FORMATTED, MAX_TIME_FORMATTED,
} from './params.js';
export { jsonString, labelString, labelsJSON, goJSON, goJSONFloat, queryValueJSON, writeQueryValue, JSONWriter, envelopeJSON } from './json.js';
export {
  loadPrometheusConfig, parsePrometheusConfig, defaultPrometheusConfig, prometheusConfigYAML, DEFAULT_GLOBAL,
  type PrometheusConfig, type GlobalConfig,
} from './config.js';
