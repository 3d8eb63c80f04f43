import { forEachStep, parseDuration, Severity, verifyFlow, type Flow } from '../src/dsl';
import { loadExamples } from './helpers/examples';
import { fastFlow, fastSeconds } from './helpers/fast-flow';

const examples = loadExamples();

// Every duration text of a flow's steps and deadline, in document order.
function durations(flow: Flow): string[] {
  const found: string[] = [];
  const visit = (value: unknown, key?: string): void => {
    if (typeof value === 'string' && key !== undefined && parseDuration(value) && key !== 'at') {
      found.push(value);
    } else if (Array.isArray(value)) {
      value.forEach((item) => visit(item));
    } else if (typeof value === 'object' && value !== null) {
      Object.entries(value).forEach(([name, inner]) => visit(inner, name));
    }
  };
  visit(flow.steps);
  visit(flow.deadline);
  return found;
}

const seconds = (text: string) => {
  const value = parseDuration(text);
  if (value?.kind !== 'fixed') throw new Error(`${text} is not a fixed duration`);
  return value.seconds;
};

describe('fastSeconds', () => {
  it('shrinks a day to secondsPerDay, business days like days', () => {
    expect(fastSeconds('P1D')).toBe(8);
    expect(fastSeconds('2bd')).toBe(16);
    expect(fastSeconds('P1D', { secondsPerDay: 3 })).toBe(3);
  });

  it('keeps at least one second and at most the cap', () => {
    expect(fastSeconds('PT1M')).toBe(1);
    expect(fastSeconds('P14D')).toBe(30);
    expect(fastSeconds('P14D', { capSeconds: 50 })).toBe(50);
  });

  it('keeps the order of durations', () => {
    const ordered = ['PT30S', 'PT1H', 'PT8H', 'P1D', '2bd', 'P3D', 'P1W', 'P14D'];
    const shrunk = ordered.map((d) => fastSeconds(d));
    expect([...shrunk].sort((a, b) => a - b)).toEqual(shrunk);
  });

  it('refuses text that is not a duration', () => {
    expect(() => fastSeconds('soon')).toThrow('"soon" is not a duration');
  });
});

describe.each(examples)('fastFlow of $name', ({ flow }) => {
  const options = {
    dateWaitsAt: '2026-11-22T10:00:00Z',
    destinationUrl: 'http://127.0.0.1:8080/api',
  };
  const original = JSON.stringify(flow);
  const fast = fastFlow(flow, options);

  it('is a valid flow', () => {
    expect(verifyFlow(fast).filter((issue) => issue.severity === Severity.error)).toEqual([]);
  });

  it('shrinks every duration to 1..30 seconds, in the same order and place', () => {
    const before = durations(flow);
    const after = durations(fast);
    expect(after).toHaveLength(before.length);
    after.forEach((text, index) => {
      expect(seconds(text)).toBe(fastSeconds(before[index] ?? ''));
      expect(seconds(text)).toBeGreaterThanOrEqual(1);
      expect(seconds(text)).toBeLessThanOrEqual(30);
    });
  });

  it('keeps the steps, trigger and name, and leaves the example unchanged', () => {
    const ids = (f: Flow) => {
      const found: string[] = [];
      forEachStep(f.steps, (step) => found.push(`${step.type}:${step.id}`));
      return found;
    };
    expect(ids(fast)).toEqual(ids(flow));
    expect(fast.trigger).toEqual(flow.trigger);
    expect(fast.name).toBe(flow.name);
    expect(JSON.stringify(flow)).toBe(original);
  });

  it('moves date waits, caps repeats and points destinations at the given URL', () => {
    forEachStep(fast.steps, (step) => {
      if (step.type === 'wait' && step.for.type === 'date')
        expect(step.for.at).toBe(options.dateWaitsAt);
      if (step.type === 'repeat') expect(step.maxIterations).toBeLessThanOrEqual(3);
    });
    for (const destination of fast.destinations ?? []) {
      expect(destination.url).toBe(options.destinationUrl);
    }
  });
});

it('covers a date wait, a repeat and a destination among the examples', () => {
  const kinds = new Set<string>();
  for (const { flow } of examples) {
    if (flow.destinations?.length) kinds.add('destination');
    forEachStep(flow.steps, (step) => {
      if (step.type === 'repeat') kinds.add('repeat');
      if (step.type === 'wait') kinds.add(`wait:${step.for.type}`);
    });
  }
  expect([...kinds].sort()).toEqual(
    expect.arrayContaining(['destination', 'repeat', 'wait:date', 'wait:duration']),
  );
});
