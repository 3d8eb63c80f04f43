import { parseDuration, type Flow, type Step } from '../../dsl';
import { parseCron, type CronSchedule } from '../../dsl/cron';
import { childSequences, forEachStep } from '../../dsl/walk-steps';
import type { CompileDiagnostic, SourceSpan } from '../diagnostic';
import { findDurations, findMoney, findSchedule, parseNumber } from '../phrases';
import { NUMBER_SOURCE } from '../phrases/number-words';
import { splitSentences } from '../sentences';
import { QUOTE } from './strict-schema';

type Json = Record<string, unknown>;

// A number in digits or words ("3", "1,500", "twelve"), as the duration and money finders read them.
const NUMBER = new RegExp(`\\b${NUMBER_SOURCE}\\b`, 'gi');

/** `text` with each run of white space one space, and where each kept character came from. */
function normalised(text: string): { text: string; offsets: number[] } {
  let out = '';
  const offsets: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      if (out.length > 0 && !out.endsWith(' ')) {
        out += ' ';
        offsets.push(i);
      }
      continue;
    }
    out += ch.toLowerCase();
    offsets.push(i);
  }
  return { text: out, offsets };
}

/** Where `quote` stands in `source` (white space and case aside), or undefined when it does not. */
export function locateQuote(source: string, quote: string): SourceSpan | undefined {
  const wanted = normalised(quote.trim()).text.replace(/ $/, '');
  if (wanted.length === 0) return undefined;
  const { text, offsets } = normalised(source);
  const at = text.indexOf(wanted);
  if (at < 0) return undefined;
  return { start: offsets[at]!, end: offsets[at + wanted.length - 1]! + 1 };
}

/** What grounding found: the flow with spans for quotes, and what it reports. */
export interface Grounded {
  flow: Json;
  diagnostics: CompileDiagnostic[];
  /** Problems the model is asked to repair. */
  repairs: string[];
}

/**
 * Turns each step's `quote` into its `span`. A step whose quote is not in the text is invented:
 * it is dropped, with an error. The trigger's quote, like the steps', marks the words it read.
 */
export function groundQuotes(
  source: string,
  answer: Json,
): Grounded & { cited: SourceSpan[]; triggerSpan?: SourceSpan } {
  const diagnostics: CompileDiagnostic[] = [];
  const repairs: string[] = [];
  const cited: SourceSpan[] = [];
  const whole = { start: 0, end: source.length };
  const triggerQuote = typeof answer.trigger_quote === 'string' ? answer.trigger_quote : '';
  const triggerSpan = triggerQuote ? locateQuote(source, triggerQuote) : undefined;
  if (triggerSpan) cited.push(triggerSpan);
  const ground = (steps: unknown): unknown => {
    if (!Array.isArray(steps)) return steps;
    const kept: Json[] = [];
    for (const raw of steps as Json[]) {
      const { [QUOTE]: quote, ...step } = raw;
      const words = typeof quote === 'string' ? quote : '';
      const span = words ? locateQuote(source, words) : undefined;
      if (!span) {
        const id = typeof step.id === 'string' ? step.id : '?';
        diagnostics.push({
          code: 'model-invented-step',
          message: `The model's step "${id}" cites words that are not in the description ("${words}"); it was left out`,
          span: whole,
          severity: 'error',
        });
        repairs.push(
          `Step "${id}" quotes "${words}", which is not in the description: quote its exact words, or leave the step out if the description does not ask for it.`,
        );
        continue;
      }
      cited.push(span);
      const grounded: Json = { ...step, span };
      for (const key of ['then', 'else', 'steps']) {
        if (key in grounded) grounded[key] = ground(grounded[key]);
      }
      if (Array.isArray(grounded.branches)) {
        grounded.branches = (grounded.branches as Json[]).map((branch) => ({
          ...branch,
          steps: ground(branch.steps),
        }));
      }
      kept.push(grounded);
    }
    return kept;
  };
  const flowIn = (answer.flow ?? {}) as Json;
  const flow = { ...flowIn, steps: ground(flowIn.steps) };
  return { flow, diagnostics, repairs, cited, ...(triggerSpan ? { triggerSpan } : {}) };
}

/** Every sentence of `source` that none of `cited` overlaps: read by nobody. */
export function uncitedSentences(
  source: string,
  cited: readonly SourceSpan[],
): CompileDiagnostic[] {
  return splitSentences(source)
    .filter((sentence) => /\w/.test(sentence.text))
    .filter((s) => !cited.some((c) => c.start < s.end && c.end > s.start))
    .map((sentence) => ({
      code: 'uncited-sentence',
      message: 'No step of the flow comes from this sentence',
      span: { start: sentence.start, end: sentence.end },
      severity: 'error' as const,
    }));
}

/** The step's own values (not those of the steps it holds), as a list of strings and numbers. */
function ownValues(step: Step): unknown[] {
  const nested = new Set(childSequences(step, []).map((sequence) => String(sequence.path[0])));
  const values: unknown[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk);
    else values.push(value);
  };
  for (const [key, value] of Object.entries(step)) {
    if (!nested.has(key) && key !== 'span' && key !== 'id') walk(value);
  }
  return values;
}

const seconds = (text: string): string | undefined => {
  const parsed = parseDuration(text);
  if (!parsed) return undefined;
  return parsed.kind === 'fixed' ? `${parsed.seconds}s` : `${parsed.days}bd`;
};

/**
 * Checks each model step's durations, amounts and people against what the deterministic phrase
 * finders read in the words it quotes: a duration, amount or email the quote does not hold is a
 * mismatch (an error, sent back for repair).
 */
export function crossCheck(
  source: string,
  flow: Flow,
  triggerSpan?: SourceSpan,
): { diagnostics: CompileDiagnostic[]; repairs: string[] } {
  const diagnostics: CompileDiagnostic[] = [];
  const repairs: string[] = [];
  const schedule = scheduleProblem(source, flow, triggerSpan);
  if (schedule) {
    diagnostics.push({
      code: 'model-mismatch',
      message: schedule,
      span: triggerSpan ?? { start: 0, end: source.length },
      severity: 'error',
    });
    repairs.push(`${schedule}: quote the words that give the schedule, or correct it.`);
  }
  forEachStep(flow.steps, (step) => {
    if (!step.span) return;
    const quote = source.slice(step.span.start, step.span.end);
    const durations = new Set(findDurations(quote).flatMap((m) => seconds(m.value) ?? []));
    const amounts = new Set(findMoney(quote).map((m) => m.value));
    const numbers = new Set(
      [...quote.matchAll(NUMBER)].flatMap((match) => parseNumber(match[0]) ?? []),
    );
    const mismatch = (what: string) => {
      diagnostics.push({
        code: 'model-mismatch',
        message: `Step "${step.id}" has ${what}, which its words ("${quote}") do not say`,
        span: step.span!,
        severity: 'error',
      });
      repairs.push(
        `Step "${step.id}" has ${what}, but the words it quotes ("${quote}") do not say so: quote the words that do, or correct the value.`,
      );
    };
    for (const group of groupsOf(step)) {
      if (!namedIn(quote, group)) mismatch(`the party ${group}`);
    }
    for (const value of ownValues(step)) {
      if (typeof value !== 'string') continue;
      const duration = seconds(value);
      if (duration !== undefined && !durations.has(duration)) mismatch(`the duration ${value}`);
      const email = /^[^@\s]+@[^@\s]+$/.test(value) ? value.toLowerCase() : undefined;
      if (email && !quote.toLowerCase().includes(email)) mismatch(`the person ${value}`);
    }
    if (step.type === 'if') {
      for (const match of step.condition.matchAll(/\b\d[\d_]*(?:\.\d+)?\b/g)) {
        const value = Number(match[0].replace(/_/g, ''));
        if (!amounts.has(value) && !numbers.has(value)) {
          mismatch(`the number ${match[0]} in its condition`);
        }
      }
    }
  });
  return { diagnostics, repairs };
}

/** The `role:` / `team:` tokens among a step's own parties (not those of the steps it holds). */
function groupsOf(step: Step): string[] {
  const nested = new Set(childSequences(step, []).map((sequence) => String(sequence.path[0])));
  const found: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) {
      const party = value as Json;
      if (party.type === 'role' && typeof party.role === 'string') found.push(`role:${party.role}`);
      if (party.type === 'team' && typeof party.team === 'string') found.push(`team:${party.team}`);
      Object.values(value).forEach(walk);
    }
  };
  for (const [key, value] of Object.entries(step)) if (!nested.has(key)) walk(value);
  return found;
}

/** Whether each word of a group's slug (`role:project-lead`) starts a word of `quote`. */
function namedIn(quote: string, group: string): boolean {
  const words = group
    .slice(group.indexOf(':') + 1)
    .split('-')
    .filter(Boolean);
  return words.every((word) => {
    const stem = word.length > 4 ? word.slice(0, word.length - 2) : word;
    return new RegExp(`\\b${stem.replace(/[^a-z0-9]/gi, '')}`, 'i').test(quote);
  });
}

/** Whether two cron lines fire at the same times (`MON` and `1` alike). */
function sameCron(a: string, b: string): boolean {
  const [x, y] = [parseCron(a), parseCron(b)];
  if (!x.ok || !y.ok) return a === b;
  const sets = (c: CronSchedule) =>
    [c.minutes, c.hours, c.daysOfMonth, c.months, c.daysOfWeek].map((set) =>
      [...set].sort((p, q) => p - q).join(),
    );
  return (
    JSON.stringify([
      sets(x.schedule),
      x.schedule.dayOfMonthRestricted,
      x.schedule.dayOfWeekRestricted,
    ]) ===
    JSON.stringify([
      sets(y.schedule),
      y.schedule.dayOfMonthRestricted,
      y.schedule.dayOfWeekRestricted,
    ])
  );
}

/** Why a scheduled flow's schedule is not what its trigger's words say, if it is not. */
function scheduleProblem(source: string, flow: Flow, span: SourceSpan | undefined) {
  const trigger = flow.trigger;
  if (trigger.type !== 'schedule') return undefined;
  const said = trigger.cron ?? trigger.every ?? '';
  const words = span ? source.slice(span.start, span.end) : '';
  const read = words ? findSchedule(words)?.value : undefined;
  if (!read) return `The schedule ${said} is not said by the trigger's words ("${words}")`;
  const same =
    (trigger.cron !== undefined && read.cron !== undefined && sameCron(read.cron, trigger.cron)) ||
    (trigger.every !== undefined &&
      read.every !== undefined &&
      seconds(read.every) === seconds(trigger.every));
  return same
    ? undefined
    : `The schedule ${said} differs from what the trigger's words ("${words}") say (${read.cron ?? read.every ?? '?'})`;
}
