import type { Action, Party, Step } from '../dsl';
import { readPartyList } from './parties';
import { findDurations, parseNumber } from './phrases';
import { lower } from './sentences';

// Time limits and what happens when they pass: "within 2 days, otherwise escalate to the
// finance director", "if they don't, it goes back to the sales manager", "approve it
// automatically", "send them a reminder". They attach to the task, approval or handoff before.

/** A time limit and/or its action, read from a clause. */
export interface Limit {
  within?: string;
  action?: Action;
  remindEvery?: string;
}

const CONDITION_LEAD =
  /^(?:otherwise|or else|or|else|failing that|if not|if they (?:don't|do not)(?=\s*,|\s*$)|if they don't accept(?: it)?(?: in time)?|if (?:it|this|the \w+) (?:is|was) not (?:done|completed|finished|handled|accepted|approved|decided|answered)(?: by then| in time| on time| by the deadline| (?:within|in|after|by) [^,]+)?|if (?:there is )?no (?:answer|response|decision|reply|action)(?: (?:within|after|in) [^,]+)?|if (?:they|he|she|the \w+(?: \w+)?) (?:has|have) not (?:responded|answered|replied|acted|decided|approved|returned it|done it|accepted it|accepted)(?: (?:within|after|in|by) [^,]+)?|if (?:they|the \w+) (?:does|do) not (?:respond|answer|reply|act|decide|accept)(?: (?:it )?(?:within|after|in|by) [^,]+| in time)?|after [^,]+|once [^,]+ (?:pass|passes|have passed|has passed)|past the deadline|when (?:it is|it's) overdue|if (?:it is|it's) overdue|if (?:they|he|she|the \w+(?: \w+)?) miss(?:es)? (?:it|the deadline|the due date))\s*,?\s*/;

/** Whether a clause is about a time limit passing ("otherwise …", "if they don't …"). */
const ACCEPT_WITHIN =
  /^(?:they|he|she|the [\w-]+(?: [\w-]+)?)\s+(?:must|need to|needs to|has to|have to|should|will)\s+accept(?: it| the \w+)?\s+(?:with)?in\s+(.+)$/;

const DUE =
  /^(?:and\s+)?(?:is\s+|it is\s+|they are\s+)?(?:due|to be done|to be completed|needed|required)\s+(?:with)?in\s+(.+)$/;

export function isLimitClause(text: string): boolean {
  const lowered = lower(text);
  return (
    CONDITION_LEAD.test(lowered) ||
    /^(?:it |they )?(?:escalates?|is escalated) to\b/.test(lowered) ||
    DUE.test(lowered) ||
    ACCEPT_WITHIN.test(lowered) ||
    /^keep reminding\b/.test(lowered)
  );
}

const countOf = (word: string) => parseNumber(word);

function partiesOf(text: string, pronoun: Party[]): Party[] | undefined {
  if (/^(?:them|him|her|it|they)$/.test(text.trim()))
    return pronoun.length > 0 ? pronoun : undefined;
  const list = readPartyList(text, countOf);
  return list.parties.length > 0 && list.unknown.length === 0 && list.vague.length === 0
    ? list.parties
    : undefined;
}

/**
 * Reads a limit clause: the duration it names and the action. Returns undefined when the words
 * are not a limit we understand.
 */
export function readLimit(clause: string, pronoun: Party[]): Limit | undefined {
  const text = lower(clause.trim()).replace(/[.;]+$/, '');
  const due = DUE.exec(text) ?? ACCEPT_WITHIN.exec(text);
  if (due?.[1]) {
    const within = findDurations(due[1])[0];
    return within && within.start === 0 ? { within: within.value } : undefined;
  }
  const keep = /^keep reminding (?:them|him|her|the \w+(?: \w+)?) every (.+?)(?: until .*)?$/.exec(
    text,
  );
  if (keep?.[1]) {
    const every = findDurations(
      /^\d/.test(keep[1]) || /^(?:a|an|one|two|three|four|five|six|seven|ten)\b/.test(keep[1])
        ? keep[1]
        : `1 ${keep[1]}`,
    )[0];
    return every ? { remindEvery: every.value } : undefined;
  }
  const lead = CONDITION_LEAD.exec(text);
  const leadText = lead?.[0] ?? '';
  const body = text.slice(leadText.length).replace(/^(?:then|just)\s+/, '');
  const duration = findDurations(leadText)[0]?.value ?? findDurations(body)[0]?.value;
  const limit: Limit = {};
  if (duration) limit.within = duration;

  const escalate =
    /^(?:(?:it|they|the (?:request|task|approval|item))\s+)?(?:escalates?|is escalated|gets escalated|escalate(?: it| this)?|escalation goes|goes|go|is sent|gets sent|passes|moves|is passed|is forwarded)\s+to\s+(.+)$/.exec(
      body,
    );
  const back =
    /^(?:(?:it|they|the (?:request|task|item|account))\s+)?(?:goes back|go back|returns?|is returned|is sent back|gets sent back|is reassigned|gets reassigned|reassign(?: it)?|send it back|hand it back|give it back|moves? back)\s+to\s+(.+)$/.exec(
      body,
    );
  if (escalate?.[1] || back?.[1]) {
    const to = partiesOf(
      (escalate?.[1] ?? back?.[1] ?? '').replace(
        /\s+(?:instead|automatically|for a decision)$/,
        '',
      ),
      pronoun,
    );
    if (!to?.[0]) return undefined;
    limit.action = { type: escalate ? 'escalate' : 'reassign', to: to[0] };
    return limit;
  }
  if (
    /^(?:(?:it|they|the request) (?:is|are) )?(?:auto-?approved|approved automatically|automatically approved|approve (?:it |them )?automatically|auto-?approve(?: it)?|approve it|treat it as approved)$/.test(
      body,
    )
  ) {
    return { ...limit, action: { type: 'approve' } };
  }
  if (
    /^(?:(?:it|they|the request) (?:is|are) )?(?:auto-?rejected|rejected(?: automatically)?|automatically rejected|reject (?:it |them )?(?:automatically)?|auto-?reject(?: it)?|reject it|declined|denied)$/.test(
      body,
    )
  ) {
    return { ...limit, action: { type: 'reject' } };
  }
  if (
    /^(?:(?:it|the (?:request|run|flow)) (?:is )?)?(?:cancel(?:led|ed)?(?: it| the (?:request|run|flow))?)$/.test(
      body,
    )
  ) {
    return { ...limit, action: { type: 'cancel' } };
  }
  if (
    /^(?:send (?:them|him|her|the \w+(?: \w+)?) a reminder|remind (?:them|him|her|the \w+(?: \w+)?)|send a reminder|nudge (?:them|him|her))(?: again)?$/.test(
      body,
    )
  ) {
    if (!duration) return undefined;
    return { remindEvery: duration };
  }
  const notify =
    /^(?:notify|tell|alert|inform|warn|email|ping)\s+(.+)$/.exec(body) ??
    /^(.+?)\s+(?:is|are|gets|get)\s+(?:told|notified|informed|alerted|emailed)$/.exec(body);
  if (notify?.[1]) {
    const to = partiesOf(notify[1], pronoun);
    if (!to) return undefined;
    return { ...limit, action: { type: 'notify', to } };
  }
  if (!body && duration) return limit;
  return undefined;
}

/** Applies a limit to the step it follows; false when that step has no time limit to set. */
export function applyLimit(step: Step, limit: Limit): boolean {
  switch (step.type) {
    case 'task': {
      if (limit.remindEvery) step.remindEvery = limit.remindEvery;
      const within = limit.within ?? step.due?.within;
      if (limit.action) {
        if (!within || limit.action.type === 'approve' || limit.action.type === 'reject')
          return false;
        step.due = { within, then: limit.action };
      } else if (limit.within && !limit.remindEvery)
        step.due = { ...step.due, within: limit.within };
      return true;
    }
    case 'approval': {
      if (limit.remindEvery) step.remindEvery = limit.remindEvery;
      const after = limit.within ?? step.timeout?.after;
      if (limit.action) {
        if (!after) return false;
        step.timeout = { after, then: limit.action };
      } else if (limit.within && !limit.remindEvery)
        step.timeout = { ...step.timeout, after: limit.within };
      return true;
    }
    case 'handoff': {
      const within = limit.within ?? step.accept?.within;
      if (limit.action) {
        const action = limit.action;
        if (
          !within ||
          (action.type !== 'escalate' &&
            action.type !== 'reassign' &&
            action.type !== 'notify' &&
            action.type !== 'cancel')
        )
          return false;
        step.accept = { within, then: action };
      } else if (limit.within) step.accept = { ...step.accept, within: limit.within };
      else return false;
      return true;
    }
    case 'wait':
      if (step.for.type === 'event' && limit.within && !limit.action) {
        step.for = { ...step.for, timeout: limit.within };
        return true;
      }
      return false;
    case 'notify':
    case 'set':
    case 'if':
    case 'parallel':
    case 'repeat':
    case 'call':
    case 'subflow':
    case 'end':
      return false;
  }
}
