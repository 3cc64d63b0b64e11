export * from './dates';
export * from './calendar';
export { officialCalendarData } from './official';
