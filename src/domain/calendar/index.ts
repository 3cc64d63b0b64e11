export * from './dates';
export * from './calendar';
export { officialCalendarData } from './official';
export {
  parseYearSchedule,
  validateYearSchedule,
  withSchedules,
  scheduleOfYear,
  withDayChanged,
  type DayChange,
  ScheduleError,
  type ScheduleDay,
  type ScheduleProblem,
  type YearSchedule,
} from './schedule';
