export * from './id-number';
export * from './phone';
export * from './name';
export * from './mask';
