import type { ApprovalStep, EndStep, Party, Step, TaskStep } from '../dsl';
import type { CompileContext } from './context';
import { comparison, readCondition } from './conditions';
import { readPartyList, type PartyList } from './parties';
import { findDurations, findMoney, parseNumber } from './phrases';
import { lower as lowerText, type Segment } from './sentences';

// One clause of English into steps. Each reader tries one construct and returns undefined when
// the clause is not that construct, so the order of READERS settles ambiguities.

const readers = { money: (t: string) => findMoney(t)[0]?.value, number: parseNumber };
const countOf = (word: string) => parseNumber(word);

const MODALS =
  '(?:(?:must|needs? to|has to|have to|should|shall|will|can|may|is to|are to|is expected to|are expected to|then|also|first|both|all|each|now|then also|finally|next)\\s+)*';

/** Parties of a phrase; `them`/`they` stand for the parties named last. */
function parties(ctx: CompileContext, phrase: string): PartyList {
  const text = phrase.trim();
  if (/^(?:them|they|him|her|the same (?:people|person))$/i.test(text)) {
    return {
      parties: [...ctx.lastParties],
      unknown: ctx.lastParties.length ? [] : [text],
      vague: [],
      everyone: false,
    };
  }
  return readPartyList(text, countOf);
}

function known(list: PartyList): boolean {
  return list.parties.length > 0 && list.unknown.length === 0 && list.vague.length === 0;
}

function remember(ctx: CompileContext, found: Party[]): Party[] {
  if (found.length > 0) ctx.lastParties = found;
  return found;
}

/** The first duration after "within", "in", "due" … in `text`, and `text` without it. */
function dueIn(text: string): { within?: string; rest: string } {
  const match =
    /,?\s*(?:(?:and\s+)?(?:is\s+)?due\s+(?:with)?in|within|in under|in no more than|in|by|no later than)\s+([^,;]+?)(?=$|,|;|\s+(?:otherwise|or|and|if)\b)/.exec(
      text,
    );
  if (match?.[1]) {
    const duration = findDurations(match[1])[0];
    if (duration && duration.start === 0) {
      return {
        within: duration.value,
        rest: (text.slice(0, match.index) + text.slice(match.index + match[0].length)).trim(),
      };
    }
  }
  return { rest: text };
}

function title(work: string): string {
  const text = work
    .trim()
    .replace(/[.,;]+$/, '')
    .replace(/\s+(?:at the same time|in parallel|simultaneously|concurrently)$/, '');
  return (text.charAt(0).toUpperCase() + text.slice(1)).slice(0, 200) || 'Task';
}

function span(seg: Segment) {
  return { start: seg.start, end: seg.end };
}

// ---- approvals -------------------------------------------------------------------------------

/** A subject that is a request of some kind: what "goes to" someone is then for their approval. */
const REQUEST_SUBJECT =
  /\b(?:requests?|claims?|applications?|submissions?|changes?|purchases?|expenses?|orders?|proposals?|contracts?|invoices?)$/;

const APPROVE_VERB =
  '(?:approves?|signs? off(?: on)?|sign-?off|gives? (?:the |their |final )*(?:approval|sign-?off|ok|go-ahead)|okays?|authori[sz]es?)';

interface ApprovalParts {
  who: string;
  subject?: string;
  rest: string;
  sequence: boolean;
  everyone: boolean;
}

function approvalParts(text: string): ApprovalParts | undefined {
  const lower = lowerText(text);
  const sequence =
    /\b(?:one after (?:the )?another|in (?:that |this )?(?:order|sequence|turn)|sequentially|in series)\b/.test(
      lower,
    );
  const bothBeforeVerb = new RegExp(`\\b(?:both|all|each)\\s+(?:${MODALS})?${APPROVE_VERB}`).test(
    lower,
  );
  let m = new RegExp(
    `^(?:(?:first|then|finally|next)\\s+)?(.+?)\\s+${MODALS}${APPROVE_VERB}\\b(.*)$`,
  ).exec(lower);
  if (m?.[1] !== undefined && !/\b(?:needs?|requires?|gets?|goes|go|by|who|is|are)\b/.test(m[1])) {
    return {
      who: m[1],
      rest: m[2] ?? '',
      sequence: sequence || /^first\b/.test(lower),
      everyone: bothBeforeVerb,
    };
  }
  m =
    /^(.+?)\s+(?:needs?|requires?|must (?:have|get|receive)|has to get|have to get|should get|gets?)\s+(?:an?\s+|the\s+)?(?:approval|sign-?off|sign off|ok|go-ahead|authori[sz]ation)\s+(?:from|by)\s+(.+?)(\s+(?:within|in|before|by|otherwise|or|due)\b.*)?$/.exec(
      lower,
    );
  if (m?.[1] && m[2])
    return {
      subject: m[1],
      who: m[2],
      rest: m[3] ?? '',
      sequence: sequence || /\bthen\b/.test(m[2]),
      everyone: false,
    };
  m =
    /^(.+?)\s+(?:needs?|requires?|must (?:have|get|receive)|has to get|have to get|should get)\s+(.+?)'s?\s+(?:approval|sign-?off|sign off|ok|go-ahead|authori[sz]ation)(.*)$/.exec(
      lower,
    );
  if (m?.[1] && m[2])
    return { subject: m[1], who: m[2], rest: m[3] ?? '', sequence, everyone: false };
  m =
    /^(.+?)\s+(?:goes|go|is sent|are sent|is routed|are routed|is forwarded|are forwarded|gets sent|get sent|is passed|are passed|is submitted|are submitted)\s+to\s+(.+?)\s+for\s+(?:(?:their|final|an?)\s+)?(?:approval|sign-?off|sign off|authori[sz]ation|review and approval)(.*)$/.exec(
      lower,
    );
  if (m?.[1] && m[2])
    return {
      subject: m[1],
      who: m[2],
      rest: m[3] ?? '',
      sequence: sequence || /,?\s+then\b/.test(m[2]),
      everyone: false,
    };
  m =
    /^(?:send|route|forward|pass|submit|give)\s+(?:it|this|them|the [\w-]+(?: [\w-]+)?)\s+to\s+(.+?)\s+for\s+(?:(?:their|final|an?)\s+)?(?:approval|sign-?off|sign off|authori[sz]ation)(.*)$/.exec(
      lower,
    );
  if (m?.[1]) {
    return {
      who: m[1],
      rest: m[2] ?? '',
      sequence: sequence || /,?\s+then\b/.test(m[1]),
      everyone: false,
    };
  }
  m =
    /^(.+?)\s+(?:is|are|gets|get)\s+(?:reviewed|checked|assessed|evaluated)\s+by\s+(.+?),?\s+who\s+(?:(?:then|must|will|can)\s+)?(?:approves?|decides?)(?:\s+or\s+rejects?)?(?:\s+(?:it|them))?(.*)$/.exec(
      lower,
    );
  if (m?.[1] && m[2])
    return { subject: m[1], who: m[2], rest: m[3] ?? '', sequence, everyone: false };
  m =
    /^(.+?)\s+(?:is|are)\s+(?:approved|signed off|authori[sz]ed)\s+by\s+(.+?)(\s+(?:within|in|before|otherwise|or)\b.*)?$/.exec(
      lower,
    );
  if (m?.[1] && m[2])
    return { subject: m[1], who: m[2], rest: m[3] ?? '', sequence, everyone: false };
  m =
    /^(.+?)\s+(?:goes|go|is sent|are sent|is routed|are routed)\s+to\s+(.+?)(\s+(?:within|otherwise|first)\b.*)?$/.exec(
      lower,
    );
  if (m?.[1] && m[2] && REQUEST_SUBJECT.test(m[1])) {
    return {
      subject: m[1],
      who: m[2],
      rest: m[3] ?? '',
      sequence: sequence || /,?\s+then\b/.test(m[2]),
      everyone: false,
    };
  }
  m =
    /^(.+?)\s+(?:can|may|must|should|has to|have to|needs? to|will|is to|are to|shall)(?:\s+(?:also|then|first|additionally|further))?\s+be\s+(?:approved|signed off|authori[sz]ed)\s+by\s+(.+?)(\s+(?:within|in|before|otherwise|or)\b.*)?$/.exec(
      lower,
    );
  if (m?.[1] && m[2])
    return { subject: m[1], who: m[2], rest: m[3] ?? '', sequence, everyone: false };
  return undefined;
}

/** A subject that carries a condition: "claims of $200 or more", "requests with a discount percent above 30". */
function subjectCondition(ctx: CompileContext, subject: string): string | undefined {
  const moneyField = ctx.fields.find((field) => field.type === 'money');
  const link =
    /^(?:[\w-]+\s+){0,3}?[\w-]+\s+(of|for|over|above|under|below|worth|costing|valued at|totaling|totalling|amounting to)\s+(.*\d.*)$/.exec(
      subject,
    );
  if (link?.[1] && link[2] && moneyField) {
    // "over $5,000" is itself the comparison; "of $200 or more" and "costing more than $3,000" carry one.
    const words = /^(?:over|above|under|below)$/.test(link[1]) ? `${link[1]} ${link[2]}` : link[2];
    return comparison(moneyField.name, words, readers);
  }
  const withField =
    /\b(?:with|where|whose|having)\s+(?:an?\s+|the\s+)?(.+?)\s+((?:is\s+)?(?:above|over|below|under|at least|at most|more than|less than|greater than|fewer than|exceeding|of)\b.*)$/.exec(
      subject,
    );
  if (withField?.[1] && withField[2]) {
    return readCondition(
      `${withField[1]} is ${withField[2].replace(/^is\s+/, '')}`,
      ctx.fields,
      readers,
    );
  }
  return undefined;
}

function readApproval(ctx: CompileContext, seg: Segment): Step[] | undefined {
  const parts = approvalParts(seg.text.replace(/[.;]+$/, ''));
  if (!parts) return undefined;
  const whoText = parts.who.replace(/^(?:the approval of|approval of)\s+/, '');
  const list = parties(ctx, whoText);
  if (list.vague.length > 0) {
    ctx.error(
      'vague-party',
      `"${list.vague.join('", "')}" does not say who approves; name a person, role or team`,
      span(seg),
    );
    return [];
  }
  if (!known(list)) return undefined;
  const approvers = remember(ctx, list.parties);
  const step: ApprovalStep = {
    type: 'approval',
    id: ctx.nextId('approval'),
    span: span(seg),
    approvers,
    mode: 'any',
  };
  if (list.count !== undefined && list.count > 1) {
    step.mode = 'quorum';
    step.quorum = list.count;
  } else if (parts.sequence && approvers.length > 1) step.mode = 'sequence';
  else if (approvers.length > 1 && (parts.everyone || list.everyone || !/\bor\b/.test(whoText)))
    step.mode = 'all';
  const within = dueIn(parts.rest).within;
  if (within) step.timeout = { after: within };
  const subject = parts.subject?.replace(/\s+(?:also|then|both|first|all|each|too)$/, '');
  const condition = subject ? subjectCondition(ctx, subject) : undefined;
  if (!condition && findMoney(seg.text).length > 0) {
    ctx.warn(
      'condition-not-compiled',
      'An amount is named but no money field was declared to compare it with; the approval applies to every run',
      span(seg),
    );
  }
  if (condition)
    return [{ type: 'if', id: ctx.nextId('if'), span: span(seg), condition, then: [step] }];
  return [step];
}

// ---- tasks -------------------------------------------------------------------------------------

function taskStep(ctx: CompileContext, seg: Segment, assignee: Party, work: string): TaskStep {
  const { within, rest } = dueIn(work);
  const step: TaskStep = {
    type: 'task',
    id: ctx.nextId('task'),
    span: span(seg),
    title: title(rest),
    assignee,
  };
  if (within) step.due = { within };
  return step;
}

function tasksFor(
  ctx: CompileContext,
  seg: Segment,
  list: PartyList,
  work: string,
): Step[] | undefined {
  if (!known(list)) return undefined;
  if (list.count !== undefined) {
    ctx.warn(
      'count-ignored',
      `A task goes to one assignee; "${list.count}" people were asked for and one will be assigned`,
      span(seg),
    );
  }
  const assignees = remember(ctx, list.parties);
  if (assignees.length === 1 && assignees[0]) return [taskStep(ctx, seg, assignees[0], work)];
  // "security and IT must both review it": each party does the work, at the same time.
  return [
    {
      type: 'parallel',
      id: ctx.nextId('parallel'),
      span: span(seg),
      branches: assignees.map((assignee) => ({ steps: [taskStep(ctx, seg, assignee, work)] })),
    },
  ];
}

const NOT_WORK =
  /^(?:approves?|approval|notif(?:y|ies)|tells?|informs?|alerts?|escalates?|is|are|was|were|be|gets?|has|have|had|goes|go|needs?|requires?|wants?|can|may|must|should|will|would|hands?|passes|transfers?|sign)$/;

function readTask(ctx: CompileContext, seg: Segment): Step[] | undefined {
  const text = seg.text.replace(/[.;]+$/, '');
  const lower = lowerText(text);
  let m =
    /^(?:please\s+)?(?:assign|give|route|send|pass|allocate)\s+(?:it|this|them|the \w+(?: \w+)?)\s+to\s+(.+?)\s+(?:to|for|so (?:they|he|she) can)\s+(.+)$/.exec(
      lower,
    );
  if (m?.[1] && m[2]) return tasksFor(ctx, seg, parties(ctx, m[1]), m[2]);
  m = /^(?:assign|route|give|send|pass|allocate)\s+(?:it|this|them)\s+to\s+(.+)$/.exec(lower);
  if (m?.[1]) {
    const list = parties(ctx, m[1]);
    if (known(list)) return tasksFor(ctx, seg, list, 'Handle the request');
  }
  m =
    /^(?:create|open|raise|add|file|log)\s+(?:a|an|one)\s+(?:task|ticket|to-?do|work item|job|action item)\s+for\s+(.+?)\s+to\s+(.+)$/.exec(
      lower,
    );
  if (m?.[1] && m[2]) return tasksFor(ctx, seg, parties(ctx, m[1]), m[2]);
  m = /^(?:have|get|make)\s+(.+)$/.exec(lower);
  if (m?.[1] && !/\bto\b/.test(m[1].split(/\s+/).slice(0, 4).join(' '))) {
    const inner = readTask(ctx, { ...seg, text: seg.text.slice(seg.text.length - m[1].length) });
    if (inner) return inner;
  }
  m = /^(?:ask|have|get|instruct|require|tell|request)\s+(.+?)\s+to\s+(.+)$/.exec(lower);
  if (m?.[1] && m[2]) {
    const list = parties(ctx, m[1]);
    if (known(list)) return tasksFor(ctx, seg, list, m[2]);
  }
  m =
    /^(.+?)\s+(?:gets?|receives?|is given|are given|is assigned|are assigned)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:task|ticket|job|to-?do)\s*(?:to|of|for)?\s*(.*)$/.exec(
      lower,
    );
  if (m?.[1] && m[2] !== undefined)
    return tasksFor(ctx, seg, parties(ctx, m[1]), m[2] || 'Do the task');
  m =
    /^send\s+(.+?)\s+(?:a|an|the)\s+([\w-]+(?:\s[\w-]+)?)\s+to\s+(fill in|fill out|complete|sign|review|return|answer)\b(.*)$/.exec(
      lower,
    );
  if (m?.[1] && m[2] && m[3])
    return tasksFor(ctx, seg, parties(ctx, m[1]), `${m[3]} the ${m[2]}${m[4] ?? ''}`);

  m = /^(.+?)\s+(?:has|have|gets|get|is given|are given)\s+(.+?)\s+to\s+(.+)$/.exec(lower);
  if (m?.[1] && m[2] && m[3]) {
    const within = findDurations(m[2])[0];
    const list = parties(ctx, m[1]);
    if (within && within.start === 0 && within.end === m[2].length && known(list)) {
      return tasksFor(ctx, seg, list, `${m[3]} within ${m[2]}`);
    }
  }
  m =
    /^(.+?)\s+(?:is|are|gets|get)\s+(?:routed|sent|assigned|forwarded|passed|given)\s+to\s+(.+?)(?:\s+(?:for|to)|,?\s+who\s+(?:must|will|should|needs? to|has to|have to|can)?)\s+(.+)$/.exec(
      lower,
    );
  if (m?.[2] && m[3] && !/^(?:approval|sign-?off|sign off|authori[sz]ation)\b/.test(m[3])) {
    const list = parties(ctx, m[2]);
    if (known(list)) return tasksFor(ctx, seg, list, m[3]);
  }

  // "<party> [must] <verb> …": the longest leading phrase that names parties is the subject.
  const words = lower.split(/\s+/);
  for (let cut = Math.min(words.length - 1, 8); cut >= 1; cut--) {
    const who = words.slice(0, cut).join(' ');
    const list = parties(ctx, who);
    if (!known(list)) continue;
    const rest = words.slice(cut).join(' ');
    const verb = new RegExp(`^(${MODALS})([a-z-]+)\\b(.*)$`).exec(rest);
    if (!verb?.[2] || NOT_WORK.test(verb[2])) continue;
    // A finite verb: after a modal, in the third person ("reviews"), or after several parties.
    // Otherwise the party word is part of a noun ("our procurement process works …").
    const finite = Boolean(verb[1]) || /[^su]s$/.test(verb[2]) || list.parties.length > 1;
    if (!finite) continue;
    return tasksFor(ctx, seg, list, `${verb[2]}${verb[3] ?? ''}`);
  }
  return undefined;
}

// ---- handoffs ----------------------------------------------------------------------------------

function readHandoff(ctx: CompileContext, seg: Segment): Step[] | undefined {
  const lower = lowerText(seg.text)
    .replace(/[.;]+$/, '')
    // "Approved requests are handed over to X" is "hand it over to X".
    .replace(
      /^(?:[\w-]+\s+){0,3}?(?:is|are|gets|get)\s+(handed|passed|transferred)\b/,
      (_all, verb: string) =>
        verb === 'handed' ? 'hand it' : verb === 'passed' ? 'pass it' : 'transfer it',
    );
  const m =
    /^(?:(.+?)\s+)?(?:hands?|hand(?:s)? (?:it|this|them|the [\w-]+(?: [\w-]+)?)|pass(?:es)?(?: (?:it|this|the [\w-]+(?: [\w-]+)?))?|transfers?(?: (?:it|this|ownership|the [\w-]+(?: [\w-]+)?))?|reassigns?(?: (?:it|this))?)\s+(?:off\s+|over\s+)?(?:to)\s+(.+?)(?:,?\s+(?:who|which|and they|and he|and she)\s+(.*))?$/.exec(
      lower,
    );
  if (!m?.[2]) return undefined;
  if (m[1] && !known(parties(ctx, m[1]))) return undefined;
  const list = parties(ctx, m[2]);
  if (!known(list) || !list.parties[0]) return undefined;
  const [to] = remember(ctx, list.parties.slice(0, 1));
  if (!to) return undefined;
  const step: Step = { type: 'handoff', id: ctx.nextId('handoff'), span: span(seg), to };
  const accept = m[3] ? /\baccept\b[^,;]*?\b(?:with)?in\s+(.+)$/.exec(m[3]) : null;
  const within = accept?.[1] ? findDurations(accept[1])[0]?.value : undefined;
  if (within) step.accept = { within };
  return [step];
}

// ---- notifications ----------------------------------------------------------------------------

function notify(ctx: CompileContext, seg: Segment, list: PartyList): Step[] | undefined {
  if (list.vague.length > 0) {
    ctx.error('vague-party', `"${list.vague.join('", "')}" does not say who to notify`, span(seg));
    return [];
  }
  if (!known(list)) return undefined;
  const to = remember(ctx, list.parties);
  return [
    { type: 'notify', id: ctx.nextId('notify'), span: span(seg), to, message: title(seg.text) },
  ];
}

function readNotify(ctx: CompileContext, seg: Segment): Step[] | undefined {
  const lower = lowerText(seg.text).replace(/[.;]+$/, '');
  const passive =
    /^(.+?)\s+(?:is|are|gets|get|will be|should be|must be)\s+(?:notified|informed|told|alerted|emailed)\b.*$/.exec(
      lower,
    );
  if (passive?.[1]) return notify(ctx, seg, parties(ctx, passive[1]));
  let m =
    /^(?:notify|tell|inform|alert|email|e-mail|message|ping|warn|update|contact|text|call|page)\s+(.+?)(?:\s+(?:that|about|of|when|with|by|so that|so they)\b.*)?$/.exec(
      lower,
    );
  if (m?.[1]) return notify(ctx, seg, parties(ctx, m[1]));
  m = /^let\s+(.+?)\s+know\b.*$/.exec(lower);
  if (m?.[1]) return notify(ctx, seg, parties(ctx, m[1]));
  m = /^remind\s+(.+?)\s+(?:to|about|of)\s+.+$/.exec(lower);
  if (m?.[1]) return notify(ctx, seg, parties(ctx, m[1]));
  m = /^(?:send|forward|share|post|email|mail|deliver)\s+.+?\s+to\s+(.+)$/.exec(lower);
  if (m?.[1]) {
    const list = parties(ctx, m[1]);
    if (known(list)) return notify(ctx, seg, list);
  }
  m =
    /^(?:send|give)\s+(.+?)\s+(?:a|an|the)\s+(?:notice|notification|message|note|update|heads-up|summary|email|confirmation)\b.*$/.exec(
      lower,
    );
  if (m?.[1]) return notify(ctx, seg, parties(ctx, m[1]));
  return undefined;
}

// ---- field updates, waits, ends ----------------------------------------------------------------

const PRIORITIES = new Set(['low', 'normal', 'high', 'urgent']);

function readSet(ctx: CompileContext, seg: Segment): Step[] | undefined {
  const lower = lowerText(seg.text).replace(/[.;]+$/, '');
  const step = (status?: string, priority?: string): Step[] => {
    const set: Step = { type: 'set', id: ctx.nextId('set'), span: span(seg) };
    if (status) set.status = status;
    if (priority) set.priority = priority as 'low' | 'normal' | 'high' | 'urgent';
    return [set];
  };
  let m =
    /^(?:set|change|update|switch|move)\s+(?:the\s+|its\s+)?(priority|status|state)(?:\s+of\s+(?:it|the \w+))?\s+(?:to|as)\s+"?([a-z][\w -]*?)"?$/.exec(
      lower,
    );
  if (m?.[1] && m[2]) {
    const value = m[2].replace(/\s+priority$/, '').replace(/\s+/g, '_');
    if (m[1] === 'priority') return PRIORITIES.has(value) ? step(undefined, value) : undefined;
    return step(value);
  }
  m =
    /^(?:mark|flag|label|tag)\s+(?:it|this|them|the [\w-]+(?: [\w-]+)?)\s+(?:as\s+)?"?([a-z][\w -]*?)"?$/.exec(
      lower,
    );
  if (m?.[1]) {
    const value = m[1].replace(/\s+priority$/, '').replace(/\s+/g, '_');
    return PRIORITIES.has(value) && /priority|urgent/.test(m[1])
      ? step(undefined, value)
      : step(value);
  }
  m = /^make\s+it\s+(urgent|high priority|low priority)$/.exec(lower);
  if (m?.[1]) return step(undefined, m[1].replace(/\s+priority$/, ''));
  return undefined;
}

function readWait(ctx: CompileContext, seg: Segment): Step[] | undefined {
  const lower = lowerText(seg.text).replace(/[.;]+$/, '');
  const m = /^(?:wait|pause|hold(?: it)?|sleep)\b\s*(.*)$/.exec(lower);
  if (!m) return undefined;
  const rest = m[1] ?? '';
  const event =
    /(?:^|\s)for\s+(?:the\s+|a\s+|an\s+)?["']?([a-z0-9][\w.-]*(?:\s[\w.-]+){0,3}?)["']?\s+(?:event|signal|message|webhook|callback)\b/.exec(
      rest,
    );
  if (event?.[1]) {
    const name = event[1].trim().replace(/\s+/g, '-');
    const timeout = findDurations(rest)[0]?.value;
    return [
      {
        type: 'wait',
        id: ctx.nextId('wait'),
        span: span(seg),
        for: { type: 'event', event: name, ...(timeout ? { timeout } : {}) },
      },
    ];
  }
  const until = /^until\s+(?:the\s+)?(.+)$/.exec(rest);
  if (until?.[1]) {
    const name = until[1].replace(/\s+/g, '_');
    const field = ctx.fields.find((f) => f.name === name && f.type === 'date');
    if (field)
      return [
        {
          type: 'wait',
          id: ctx.nextId('wait'),
          span: span(seg),
          for: { type: 'field', field: field.name },
        },
      ];
    return undefined;
  }
  const duration = findDurations(rest)[0];
  // "wait 7 days before asking them to …" is a wait, then the clause the gerund names.
  const before = duration
    ? /^\s*(?:before|and then|then)\s+(\w+?)ing\s+(.+)$/.exec(rest.slice(duration.end))
    : null;
  if (duration && before?.[1] && before[2]) {
    const verb = {
      ask: 'ask',
      send: 'send',
      notify: 'notify',
      notifi: 'notify',
      remind: 'remind',
      tell: 'tell',
      hand: 'hand',
      creat: 'create',
      assign: 'assign',
      clos: 'close',
      clo: 'close',
    }[before[1]];
    const offset = seg.text.length - before[2].length;
    const next = verb
      ? readClause(
          ctx,
          { text: `${verb} ${seg.text.slice(offset)}`, start: seg.start + offset, end: seg.end },
          false,
        )
      : undefined;
    if (!next) return undefined;
    return [
      {
        type: 'wait',
        id: ctx.nextId('wait'),
        span: span(seg),
        for: { type: 'duration', duration: duration.value },
      },
      ...next,
    ];
  }
  if (duration && rest.slice(duration.end).trim()) return undefined;
  if (
    duration &&
    /^(?:for\s+|another\s+|an?\s+(?:further|additional)\s+)?$/.test(
      rest.slice(0, duration.start).trim() ? rest.slice(0, duration.start).trim() + ' ' : '',
    )
  ) {
    return [
      {
        type: 'wait',
        id: ctx.nextId('wait'),
        span: span(seg),
        for: { type: 'duration', duration: duration.value },
      },
    ];
  }
  return undefined;
}

/** Reads an `end` step; `rejecting` says the clause sits where the flow was rejected. */
function readEnd(ctx: CompileContext, seg: Segment, rejecting: boolean): Step[] | undefined {
  const lower = lowerText(seg.text).replace(/[.;]+$/, '');
  const end = (status: EndStep['status']): Step[] => [
    { type: 'end', id: ctx.nextId('end'), span: span(seg), status },
  ];
  const m =
    /^(?:end|close|finish|complete|stop|terminate|conclude|wrap up)(?:\s+(?:the\s+(?:flow|request|process|workflow|ticket|case|item|run|claim|order)|it|this|everything))?(?:\s+(?:as|with(?: status)?)\s+(rejected|cancelled|canceled|completed|complete|done|approved|closed|finished|successful))?$/.exec(
      lower,
    );
  if (m) {
    const status = m[1];
    if (status === 'rejected') return end('rejected');
    if (status === 'cancelled' || status === 'canceled') return end('cancelled');
    if (status) return end('completed');
    return end(rejecting ? 'rejected' : 'completed');
  }
  if (/^(?:reject|decline|deny|refuse)\s+(?:it|this|the (?:request|claim|order|item))$/.test(lower))
    return end('rejected');
  if (/^cancel\s+(?:it|this|the (?:request|flow|run|order|process|workflow))$/.test(lower))
    return end('cancelled');
  return undefined;
}

/** "start the onboarding flow and wait for it to finish": a subflow. */
function readSubflow(ctx: CompileContext, seg: Segment): Step[] | undefined {
  const m =
    /^(?:start|kick off|launch|trigger|run|begin)\s+(?:the\s+|a\s+|an\s+)?["']?([a-z0-9][\w -]*?)["']?\s+(?:flow|workflow|process)(\s+and\s+wait(?:\s+for\s+(?:it|that))?(?:\s+to\s+(?:finish|complete|end))?)?$/.exec(
      lowerText(seg.text).replace(/[.;]+$/, ''),
    );
  if (!m?.[1]) return undefined;
  const flow = m[1]
    .trim()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!flow) return undefined;
  return [
    { type: 'subflow', id: ctx.nextId('subflow'), span: span(seg), flow, wait: Boolean(m[2]) },
  ];
}

/** Reads one clause into steps: undefined if no construct fits, [] if a diagnostic was given. */
export function readClause(
  ctx: CompileContext,
  seg: Segment,
  rejecting: boolean,
): Step[] | undefined {
  return (
    readWait(ctx, seg) ??
    readEnd(ctx, seg, rejecting) ??
    readSubflow(ctx, seg) ??
    readSet(ctx, seg) ??
    readApproval(ctx, seg) ??
    readHandoff(ctx, seg) ??
    readTask(ctx, seg) ??
    readNotify(ctx, seg)
  );
}
