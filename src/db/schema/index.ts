export * from './org';
export * from './auth';
export * from './events';
export * from './matters';
export * from './calendar';
export * from './petitions';
export * from './triage';
export * from './notifications';
