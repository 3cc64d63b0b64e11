export * from './region';
export * from './roles';
export * from './body';
export * from './bulk-load';
