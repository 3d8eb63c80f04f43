// Phrase parsers for the English compiler: numbers, durations, money, times, zones and schedules.

export type { Match } from './match';
export { parseNumber } from './number-words';
export { parseOrdinal } from './ordinals';
export { findDurations } from './durations';
export { findMoney } from './money';
export { findTimesOfDay, type TimeOfDay } from './times-of-day';
export { findTimeZone, findTimeZones } from './time-zones';
export { findSchedule, readSchedules, type Schedule } from './schedule';
