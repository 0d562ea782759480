// Public face of the TSDB package.
export * from './series.js';
export * from './meta.js';
export * from './block.js';
export * from './compact.js';
export * from './head.js';
export * from './db.js';
export * from './querier.js';
