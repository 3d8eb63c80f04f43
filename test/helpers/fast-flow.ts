import { durationText, parseDuration, type Flow } from '../../src/dsl';

/** How a flow is shrunk to run in seconds. */
export interface FastFlowOptions {
  /** Seconds a day (or a business day) becomes; default 8. */
  secondsPerDay?: number;
  /** The longest a shrunk duration gets, in seconds; default 30. */
  capSeconds?: number;
  /** Where `wait` steps until a fixed date wait instead (an ISO date-time); default: unchanged. */
  dateWaitsAt?: string;
  /** The most rounds a `repeat` runs; default 3. */
  maxRounds?: number;
  /** The base URL every destination of the flow points at instead; default: unchanged. */
  destinationUrl?: string;
}

// The properties of steps and the deadline that hold durations (`timeout` may be an object).
const DURATION_KEYS = new Set([
  'within',
  'remindEvery',
  'after',
  'every',
  'duration',
  'timeout',
  'backoff',
]);

/**
 * The seconds a duration becomes: proportional to its length (a business day counts as a day),
 * at least one second and at most `capSeconds`, so durations keep their order (ties aside).
 */
export function fastSeconds(duration: string, options: FastFlowOptions = {}): number {
  const value = parseDuration(duration);
  if (!value) throw new Error(`"${duration}" is not a duration`);
  const days = value.kind === 'fixed' ? value.seconds / 86_400 : value.days;
  const scaled = Math.round(days * (options.secondsPerDay ?? 8));
  return Math.min(options.capSeconds ?? 30, Math.max(1, scaled));
}

/**
 * A variant of `flow` that runs in seconds: every duration of its steps and deadline (time
 * limits, reminders, waits, repeat intervals, call timeouts and backoff) shrunk by
 * {@link fastSeconds}, business days included; date waits moved to `dateWaitsAt`, repeats
 * limited to `maxRounds` rounds and destinations pointed at `destinationUrl`. The trigger is
 * kept: a fast run is started directly. `flow` itself is not changed.
 */
export function fastFlow(flow: Flow, options: FastFlowOptions = {}): Flow {
  const shrink = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string' && key !== undefined && DURATION_KEYS.has(key)) {
      return durationText({ kind: 'fixed', seconds: fastSeconds(value, options) });
    }
    if (Array.isArray(value)) return value.map((item) => shrink(item));
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value).map(([name, inner]): [string, unknown] => [
      name,
      shrink(inner, name),
    ]);
    const copy: Record<string, unknown> = Object.fromEntries(entries);
    if (copy.type === 'date' && typeof copy.at === 'string' && options.dateWaitsAt) {
      copy.at = options.dateWaitsAt;
    }
    if (copy.type === 'repeat' && typeof copy.maxIterations === 'number') {
      copy.maxIterations = Math.min(copy.maxIterations, options.maxRounds ?? 3);
    }
    return copy;
  };
  const destinationUrl = options.destinationUrl;
  return {
    ...flow,
    steps: shrink(flow.steps) as Flow['steps'],
    ...(flow.deadline ? { deadline: shrink(flow.deadline) as Flow['deadline'] } : {}),
    ...(flow.destinations && destinationUrl
      ? { destinations: flow.destinations.map((d) => ({ ...d, url: destinationUrl })) }
      : {}),
  };
}
