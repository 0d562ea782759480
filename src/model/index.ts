export * from './labels.js';
export * from './matchers.js';
