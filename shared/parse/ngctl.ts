// The ngctl output parsers in one import: list/show/list -l/types, dot, msg, and the NgNode helpers.
export * from './ngctl-list.js';
export * from './ngctl-dot.js';
export * from './ngctl-msg.js';
export * from './ngctl-nodes.js';
