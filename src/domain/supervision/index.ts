export * from './duty-checks';
