// The plugin layer's public face: the framework types a provider author implements, serve() for
// the executable, and the logger. Protocol details stay inside src/plugin.

export * from './framework';
export { serve, type ServeOptions } from './server';
export { Logger, logger, redact, REDACTED, levelFromEnv, type LogLevel, type LogFields } from './log';
export { blockType, cloneValue, containsUnknown, numbersEqual, valuesEqual } from './values';
export { attributePathText, describeKind, formatPath } from './describe';
