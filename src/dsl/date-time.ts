import { z } from 'zod';

/** An ISO 8601 date-time with an offset, e.g. `2025-01-06T09:00:00Z`. */
export const DateTime = z.iso.datetime({ offset: true });
export type DateTime = z.infer<typeof DateTime>;

/** A calendar date, e.g. `2025-01-06`. */
export const CalendarDate = z.iso.date();
export type CalendarDate = z.infer<typeof CalendarDate>;
