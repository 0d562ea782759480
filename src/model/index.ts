export * from './labels.js';
export * from './matchers.js';
export * from './regex.js';
export * from './format.js';
