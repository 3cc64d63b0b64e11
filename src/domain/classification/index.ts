export * from './classification';
export * from './rejection-reasons';
