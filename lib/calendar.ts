// The one calendar: days as ISO strings `YYYY-MM-DD`, arithmetic in UTC, a time zone only where one is named.
export { daysInMonth, formatIsoDate, isIsoDate, isoDateOf, parseIsoDate } from './calendar/day.js';
export { addDays, addMonths, daysBetween, weekdayOf } from './calendar/arithmetic.js';
export { endOfMonth, endOfPreviousMonth, startOfNextMonth, startOfPreviousMonth } from './calendar/month-ends.js';
export { nextDayOfMonth, nextMonthDay, nextWeekday, previousDayOfMonth, previousMonthDay, previousWeekday } from './calendar/nearest.js';
export { dateInTimeZone, isTimeZone } from './calendar/time-zone.js';
export { instantAtLocalTime, isoWithOffset, localTimeAt, utcOffsetMinutes, type LocalTime } from './calendar/zoned-time.js';
