export * from './types';
export * from './number';
export * from './notices';
export * from './templates';
