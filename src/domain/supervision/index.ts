export * from './duty-checks';
export * from './partitions';
