import type { Party } from '../../dsl';
import type { PartyMention } from '../mentions/parties';
import { findDurations } from '../phrases';
import { lower } from '../sentences';
import type { LimitAction, Limits } from './frame';

// Time limits, reminders and what happens when a limit passes, found anywhere in a clause:
// "within 2 days", "has a week to", "six weeks max", "with reminders every 2 days", "or it's
// escalated to the COO", "the claim is automatically approved". What they consume is marked,
// so that the clause's own act does not read the same words again.

/** Limits found in a clause, and the character ranges (relative to the clause) they used. */
export interface FoundLimits {
  readonly limits: Limits;
  /** Extended by the reader with the range of a limit's action. */
  readonly used: [number, number][];
}

const WITHIN_BEFORE =
  /\b(?:within|(?<![a-z]ing\s)in)(?: the next| a maximum of| no more than| under)?\s*$|\bdue (?:with)?in\s*$|\b(?:has|have|gets?|given|allow(?:ed)?|allowing|takes?)\s+(?:up to\s+|at most\s+)?$|\b(?:for|up to|no later than|no more than|not more than|at most|a maximum of|max(?:imum)?(?: of)?)\s*$|\(\s*(?:they (?:get|have)\s+)?$|\bwithin\s*$|\bafter\s*$/;
const WITHIN_AFTER =
  /^\s*(?:max(?:imum)?|at most|at the most|tops|or less|at the latest|to (?:\w+)|\)|of (?:submission|receipt|the request|it arriving|being raised))/;
const EVERY_BEFORE = /\b(?:every|each)\s*$/;
const REMIND_NEAR =
  /\b(?:remind(?:er|ers|ed|s)?|chase[sd]?|chasing|nudge[sd]?|nudging|follow(?:ed|s)? up|prod(?:ded|s)?)\b/;

const TIMEOUT_CONDITION =
  /^(?:if|when|once|in case)\s+(?:it's not|it is not|that's not|they're not|they are not|it isn't)\b|^(?:if|when|once|in case)\s+(?:(?:it|this|that|the [\w-]+(?: [\w-]+)?|they|he|she|nobody|no one|none of them|neither)\s+)?(?:(?:is|are|was|were|has|have|does|do|did)(?:n't| not)|never|isn't|aren't|hasn't|haven't|doesn't|don't|didn't|fails? to|miss(?:es|ed)?|runs? (?:late|over)|goes? (?:past|over)|pass(?:es)?|has passed|expires?|times? out|no (?:one|body))\b|^(?:if|when) (?:the (?:deadline|time|limit|\w+ (?:days|weeks|hours)) (?:passes|pass|is missed|runs out))|^(?:if|when)\s+(?:it|this|that|they|the [\w-]+)(?:'s|’s|'re|’re| is| are| gets?| goes| becomes?)\s+(?:late|overdue|past due)\b|^(?:if|when)\s+(?:nothing|no one|nobody|none)\s+(?:arrives|comes|happens|turns up|shows up|responds|replies|answers)\b|^(?:if|when)\s+(?:it|this|that|they|the [\w-]+)(?:'s|’s|'re|’re| is| are)\s+still\b.*\bafter\b|^(?:if|when) (?:there(?: is|'s|’s| has been| was) )?no (?:answer|response|reply|decision|action|word|sign-?off|approval|confirmation|acknowledge?ment|acceptance|signature|payment|feedback|update|news)\b|^(?:otherwise|or else|else|if not|failing that|or)$|^(?:after|past) (?:that|the deadline)/;

/** Whether a clause's words are a time limit passing rather than an act ("if they don't respond"). */
export function isTimeoutCondition(text: string): boolean {
  return TIMEOUT_CONDITION.test(lower(text).trim());
}

const ACTIONS: readonly [RegExp, (party: Party | undefined) => LimitAction | undefined][] = [
  [
    /\b(?:escalate[sd]?|escalating|bump(?:ed)? up|elevated?)\b(?: (?:it|this|that|them))?(?: straight)? (?:up )?to\b/,
    (to) => (to ? { type: 'escalate', to } : undefined),
  ],
  [
    /\b(?:reassign(?:ed|s)?|re-assign(?:ed|s)?|reallocate[sd]?|given|goes back|hand(?:ed)? back|passe[sd] back)\b(?: (?:it|this|that|them))? to\b/,
    (to) => (to ? { type: 'reassign', to } : undefined),
  ],
  [
    /\b(?:automatically |auto-)?approved? (?:automatically|by default)\b|\b(?:auto-approve[sd]?|automatically approved?|approves? (?:it )?automatically|counts as approved|deemed approved)\b/,
    () => ({ type: 'approve' }),
  ],
  [
    /\b(?:automatically |auto-)?rejected (?:automatically|by default)\b|\b(?:auto-reject(?:ed|s)?|automatically rejected|rejects? (?:it )?automatically|counts as rejected|deemed rejected)\b/,
    () => ({ type: 'reject' }),
  ],
  [/\b(?:cancel(?:led|ed|s)?|withdrawn?)\b/, () => ({ type: 'cancel' })],
  [
    /\b(?:gets?|send|receives?|sent) (?:them |him |her )?an? (?:reminder|nudge|chaser)\b|\bremind (?:them|him|her)\b/,
    () => ({ type: 'remind' }),
  ],
];

/** The action a consequence clause names ("it's escalated to the COO", "cancel the request"). */
export function readLimitAction(
  text: string,
  mentions: readonly PartyMention[],
  base: number,
): { action: LimitAction; used: [number, number] } | undefined {
  const lowered = lower(text);
  for (const [pattern, make] of ACTIONS) {
    const match = pattern.exec(lowered);
    if (!match) continue;
    const end = match.index + match[0].length;
    const target = mentions.find((m) => m.start - base >= end);
    const action = make(target?.party);
    if (action) return { action, used: [match.index, target ? target.end - base : end] };
  }
  return undefined;
}

const UNIT_PERIODS: Readonly<Record<string, string>> = {
  minute: 'PT1M',
  hour: 'PT1H',
  day: 'P1D',
  morning: 'P1D',
  evening: 'P1D',
  night: 'P1D',
  week: 'P1W',
  fortnight: 'P2W',
};

/** "every day", "each week": one unit, which the duration finder leaves to schedules. */
function everyUnit(text: string): { value: string; start: number; end: number }[] {
  const found = [];
  for (const match of text.matchAll(
    /\b(?:every|each)\s+(minute|hour|day|morning|evening|night|week|fortnight)\b/g,
  )) {
    const unit = match[1] ?? 'day';
    const start = match.index + match[0].length - unit.length;
    found.push({ value: UNIT_PERIODS[unit] ?? 'P1D', start, end: start + unit.length });
  }
  return found;
}

/** The durations and reminders of one clause (not its action). */
export function findLimits(text: string): FoundLimits {
  const lowered = lower(text);
  const limits: Limits = {};
  const used: [number, number][] = [];
  let withinIsDue = false;
  const durations = [...findDurations(lowered), ...everyUnit(lowered)].sort(
    (a, b) => a.start - b.start,
  );
  for (const duration of durations) {
    const before = lowered.slice(Math.max(0, duration.start - 40), duration.start);
    const after = lowered.slice(duration.end, duration.end + 40);
    const every = EVERY_BEFORE.exec(before);
    if (every) {
      const from = duration.start - (before.length - every.index);
      const near =
        lowered.slice(Math.max(0, from - 30), from) +
        lowered.slice(duration.end, duration.end + 15);
      if (REMIND_NEAR.test(near) || limits.remindEvery === undefined) {
        limits.remindEvery = duration.value;
        used.push([from, duration.end]);
      }
      continue;
    }
    const within = WITHIN_BEFORE.exec(before);
    if (within || WITHIN_AFTER.test(after)) {
      // "expiring in the next 90 days (due within 3 days)": a due date outweighs a span.
      const due = /\b(?:due|within|has|have|gets?|given)\s*(?:in\s*)?$/.test(before);
      if (limits.within === undefined || (due && !withinIsDue)) {
        limits.within = duration.value;
        withinIsDue = due;
      }
      used.push([duration.start - (within ? before.length - within.index : 0), duration.end]);
    }
  }
  const adjective =
    /\b(daily|weekly|hourly|nightly)\s+(?:reminders?|nudges?|chasers?|follow-ups?)\b/.exec(lowered);
  if (adjective?.[1] && limits.remindEvery === undefined) {
    const periods: Record<string, string> = {
      daily: 'P1D',
      nightly: 'P1D',
      weekly: 'P1W',
      hourly: 'PT1H',
    };
    limits.remindEvery = periods[adjective[1]] ?? 'P1D';
    used.push([adjective.index, adjective.index + adjective[0].length]);
  }
  if (
    /\breminders?\b.*\b(?:if|when) (?:they|it|he|she) (?:run|runs|is|are|go|goes) (?:late|overdue|over)\b/.test(
      lowered,
    )
  ) {
    limits.then = { type: 'remind' };
    used.push([0, lowered.length]);
  }
  return { limits, used };
}
