export * from './dates';
export * from './calendar';
export { officialCalendarData } from './official';
export {
  parseYearSchedule,
  validateYearSchedule,
  withSchedules,
  ScheduleError,
  type ScheduleDay,
  type ScheduleProblem,
  type YearSchedule,
} from './schedule';
