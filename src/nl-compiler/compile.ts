import {
  explain,
  forEachStep,
  hasErrors,
  outline,
  parseFlow,
  verifyFlow,
  type Flow,
  type IfStep,
  type Step,
  type Trigger,
} from '../dsl';
import { readCondition } from './conditions';
import { CompileContext } from './context';
import type { CompileDiagnostic, CompileQuestion, SourceSpan } from './diagnostic';
import { readFieldList } from './fields';
import { applyLimit, isLimitClause, readLimit } from './limits';
import { readPartyList, slugify } from './parties';
import { findDurations, findMoney, findSchedule, parseNumber } from './phrases';
import { splitOn, splitSentences, stripTerminal, sub, type Segment } from './sentences';
import { readClause } from './steps';

/** What the compiler made of a description. */
export interface CompileResult {
  /** The flow, when at least one step compiled and it verifies; absent otherwise. */
  readonly flow?: Flow;
  /** Each step id's source span. */
  readonly spans: Record<string, SourceSpan>;
  readonly diagnostics: CompileDiagnostic[];
  readonly questions: CompileQuestion[];
  /** `explain(flow)` and `outline(flow)`, when there is a flow. */
  readonly explanation: string[];
  readonly outline: string[];
}

export interface CompileOptions {
  /** The flow's name; by default a slug of the description's first words. */
  readonly name?: string;
  readonly ownerTeam?: string;
}

const readers = { money: (t: string) => findMoney(t)[0]?.value, number: parseNumber };

const SEQUENCE_LEAD =
  /^(?:then|next|after that|afterwards|afterward|finally|and then|and|also|once (?:approved|accepted|signed|signed off|that is done|this is done|done|complete|completed|that's done|they are done|both are done|all are done|everything is done)|when (?:both|all|everything|that|this|they) (?:are|is) (?:done|finished|complete|completed|approved)|after (?:approval|that)|after (?:both|all|they|everyone|each) (?:approve|approved|have approved|are done|have finished|sign off)|once both (?:are|have) (?:finished|approved)|once [\w' -]{1,40}? (?:is|are|has been|have been) (?:done|ready|finished|complete|completed|in place|approved|set up))\s*,?\s+/i;

const NTH_WEEKDAY_WORDS =
  /\b(?:first|second|third|fourth|last)\s+(?:mon|tues|wednes|thurs|fri|satur|sun|week)day\b/i;
const NTH_WEEKDAY = new RegExp(
  `^(?:on\\s+|once a month,?\\s+(?:on\\s+)?)?(?:the\\s+)?${NTH_WEEKDAY_WORDS.source.slice(2)}[^,]*,\\s*`,
  'i',
);

const TRIGGER_LEAD =
  /^(?:when|whenever|each time|every time|as soon as|after|once|for (?:a|an|each|every|any) (?:new )?)\b/i;

const REQUEST_NOUNS =
  /\b(?:requests?|claims?|applications?|submissions?|tickets?|orders?|reports?|purchases?|changes?|incidents?|cases?|deals?|invoices?|leads?|bugs?|issues?|hires?|candidates?|expenses?|updates?|proposals?|quotes?|bonus(?:es)?|refunds?|invoices?)\b/i;

const SUBMITTED =
  '(?:submitted|filed|raised|sent in|entered|created|logged|opened|received|requested|reported|registered|made)';
const LIST_INTRO =
  '(?:with|by giving|by providing|giving|providing|including|containing|listing|stating|that include|that includes)';

/** Sentences that describe the intake: who submits what, with which fields. */
const INTAKE: readonly RegExp[] = [
  new RegExp(`^(.+?)\\s+(?:is|are)\\s+${SUBMITTED}\\s+${LIST_INTRO}\\s+(.+)$`, 'i'),
  new RegExp(
    `^(.+?)\\s+(?:submits?|files?|raises?|sends? in|enters?|creates?|logs?|opens?|requests?)\\s+.+?\\s+${LIST_INTRO}\\s+(.+)$`,
    'i',
  ),
  /^(.+?)\s+(?:includes?|contains?|has|have|comes? with|lists?|provides?|must include|must have|should include|need to include|needs to include)\s+(.+)$/i,
];
const SUBMITTED_ONLY = new RegExp(`^(.+?)\\s+(?:is|are)\\s+${SUBMITTED}$`, 'i');

interface Draft {
  trigger?: Trigger;
  requestSignal: boolean;
  steps: Step[];
}

/** The last step of a sequence, descending into the last if-arm, parallel lane or repeat body. */
function lastLeaf(steps: readonly Step[]): Step | undefined {
  const last = steps.at(-1);
  if (!last) return undefined;
  if (last.type === 'if') return lastLeaf(last.else ?? last.then) ?? last;
  if (last.type === 'repeat') return lastLeaf(last.steps) ?? last;
  return last;
}

/** Splits a main clause into its coordinated parts: "X, then Y", "X and close it", "X; Y". */
const IMPERATIVE_VERB =
  '(?:notify|tell|let|inform|alert|close|end|set|mark|send|assign|hand|wait|create|ask|escalate|cancel|remind|reject|finish|stop|update|route|email|ping|archive|open|print|fax|keep|give)\\b';

function clauses(piece: Segment): Segment[] {
  if (
    /\b(?:goes|go|is sent|are sent|is routed|are routed|is forwarded)\s+to\s+.+\bfor\s+(?:approval|sign-?off)/i.test(
      piece.text,
    ) ||
    /\b(?:approval|sign-?off|sign off)\s+(?:from|by)\s+[^,;]+?\s+(?:and\s+)?then\s+/i.test(
      piece.text,
    )
  ) {
    return [piece];
  }
  return splitOn(piece, new RegExp(`,\\s*(?:and\\s+)?(?=${IMPERATIVE_VERB})`, 'gi')).flatMap(
    (part) => splitMore(part),
  );
}

function splitMore(piece: Segment): Segment[] {
  return splitOn(
    piece,
    /\s+and\s+(?=(?:the\s+|their\s+)?[\w-]+(?:\s[\w-]+)?\s+(?:is|are|gets|get)\s+(?:notified|informed|told|alerted|emailed)\b)/gi,
  )
    .flatMap((part) => splitNewSubject(part))
    .flatMap((part) => splitRest(part));
}

/**
 * Splits "the CFO reviews it and the CEO signs it off" where a new party-led clause starts,
 * unless what stands before "and" is itself only parties ("the team lead and the department head …").
 */
function splitNewSubject(piece: Segment): Segment[] {
  const next =
    /\s+and\s+(?=(?:the|their|a|an)\s+[\w-]+(?:\s[\w-]+){0,2}\s+(?:[a-z]+s|must|needs to|has to|should|will|then)\b|[A-Z]{2,}\s+(?:[a-z]+s|must|needs to|has to|should|will)\b)/g;
  for (const match of piece.text.matchAll(next)) {
    const left = piece.text.slice(0, match.index);
    const list = readPartyList(left);
    if (list.parties.length > 0 && list.unknown.length === 0) continue;
    return [
      sub(piece, 0, match.index),
      ...splitNewSubject(sub(piece, match.index + match[0].length)),
    ];
  }
  return [piece];
}

function splitRest(piece: Segment): Segment[] {
  return splitOn(
    piece,
    /\s*;\s*|,\s*(?:and\s+)?then\s+|\s+and then\s+|,\s*(?=(?:otherwise|or else|or it|or they|if they|if not|if it|if there|if no|after\s+\d|after (?:a|an|one|two|three|four|five|six|seven|ten)\b|failing that|due\b|and (?:notify|tell|let|inform|alert|close|end|set|mark|send|assign|hand|wait|create|ask|escalate|cancel|remind|reject)\b))|\s+(?=otherwise\b)|\s+and\s+(?=(?:notify|tell|let|inform|alert|close|end|set|mark|send|assign|hand|wait|create|ask|escalate|cancel|remind|reject|finish|stop)\b)/gi,
  ).map((part) => sub(part, /^(?:and|then)\s+/i.exec(part.text)?.[0].length ?? 0));
}

/** `text` with what stands in parentheses blanked out, so its commas do not split clauses. */
function maskParentheses(text: string): string {
  return text.replace(/\([^)]*\)/g, (inner) => '(' + ' '.repeat(inner.length - 2) + ')');
}

/** The first comma at or after `from` that separates clauses (not "10,000"); -1 if none. */
function clauseComma(text: string, from: number): number {
  const match = /,(?!\d{3}\b)/g;
  match.lastIndex = from;
  return match.exec(text)?.index ?? -1;
}

class Compiler {
  readonly ctx: CompileContext;
  readonly draft: Draft = { requestSignal: false, steps: [] };
  /** Parallel steps made from "At the same time, …" sentences, which later ones may join. */
  private readonly joined = new Set<Step>();
  /** The if-step an "Otherwise" sentence would complete. */
  private openIf: IfStep | undefined;

  constructor(readonly source: string) {
    this.ctx = new CompileContext(source);
  }

  run(): void {
    for (const [index, sentence] of splitSentences(this.source).entries()) {
      const piece = stripTerminal(sentence);
      const before = this.snapshot();
      this.sentence(piece, index === 0);
      // Every sentence must change the flow or say why not: nothing is dropped silently.
      if (this.snapshot() === before && piece.text) {
        this.ctx.error('ignored-sentence', `Nothing was compiled from "${piece.text}"`, piece);
      }
    }
  }

  /** What the draft and the diagnostics amount to, to tell whether a sentence changed them. */
  private snapshot(): string {
    const { trigger, requestSignal, steps } = this.draft;
    return JSON.stringify([
      trigger,
      requestSignal,
      steps,
      this.ctx.fields,
      this.ctx.diagnostics.length,
      this.ctx.questions.length,
    ]);
  }

  private unrecognized(piece: Segment): void {
    this.ctx.error(
      'unrecognized-clause',
      `Could not understand "${piece.text}"; nothing was compiled from it`,
      piece,
    );
  }

  private sentence(raw: Segment, first: boolean): void {
    let piece = raw;
    const label = /^[A-Z][\w -]{0,30}:\s+/.exec(piece.text);
    if (label) {
      if (first && REQUEST_NOUNS.test(label[0])) this.draft.requestSignal = true;
      piece = sub(piece, label[0].length);
    }
    const lead = SEQUENCE_LEAD.exec(piece.text);
    if (lead && !/^(?:once|when|after)\b/i.test(piece.text.slice(0, 4)))
      piece = sub(piece, lead[0].length);
    else if (lead && /^(?:once|when|after)\b/i.test(lead[0])) piece = sub(piece, lead[0].length);
    if (!piece.text) return;

    if (!this.draft.trigger) piece = this.scheduleLead(piece);
    if (first && TRIGGER_LEAD.test(piece.text)) piece = this.triggerClause(piece);
    else if (first || !this.draft.requestSignal) piece = this.intakeSentence(piece);
    if (!piece.text) return;

    const together =
      /^(?:at the same time|meanwhile|in parallel|simultaneously|concurrently),?\s+/i.exec(
        piece.text,
      );
    const before = this.draft.steps.at(-1);
    if (together && before) {
      const lane: Step[] = [];
      this.main(sub(piece, together[0].length), lane, false);
      if (lane.length > 0) {
        this.draft.steps.pop();
        const branches =
          before.type === 'parallel' && before.id.startsWith('parallel_') && this.joined.has(before)
            ? [...before.branches, { steps: lane }]
            : [{ steps: [before] }, { steps: lane }];
        const step: Step = {
          type: 'parallel',
          id: this.ctx.nextId('parallel'),
          span: { start: piece.start, end: piece.end },
          branches,
        };
        this.joined.add(step);
        this.draft.steps.push(step);
      }
      return;
    }
    if (/^if\b/i.test(piece.text)) return this.conditional(piece);
    const otherwise = /^(?:otherwise|if not|else|or else|failing that)\b,?\s*/i.exec(piece.text);
    if (otherwise) return this.otherwise(piece, sub(piece, otherwise[0].length));
    if (
      first &&
      REQUEST_NOUNS.test(
        piece.text.split(
          /\s+(?:goes|go|needs?|requires?|must|can|may|should|is|are|has|have|will)\b/i,
        )[0] ?? '',
      )
    ) {
      this.draft.requestSignal = true;
    }
    this.main(piece, this.draft.steps, false);
  }

  /** "Every Monday at 9am, …": a schedule trigger, and the rest of the sentence. */
  private scheduleLead(piece: Segment): Segment {
    const nth = NTH_WEEKDAY.exec(piece.text);
    if (nth) {
      this.ctx.error(
        'unsupported-schedule',
        `"${nth[0].replace(/,\s*$/, '')}": schedules on the first, second or last weekday of a month are not supported yet`,
        sub(piece, 0, nth[0].length),
      );
      return sub(piece, nth[0].length);
    }
    const match = findSchedule(piece.text);
    if (!match || match.start > 3 || !match.value.cron) return piece;
    const after = piece.text.slice(match.end);
    if (!/^\s*(?:,|$)/.test(after) && !/^(?:every|each|on|at)\b/i.test(piece.text)) return piece;
    const words = piece.text.slice(match.start, match.end);
    if (NTH_WEEKDAY_WORDS.test(words)) {
      this.ctx.error(
        'unsupported-schedule',
        `"${words}": schedules on the first, second or last weekday of a month are not supported yet`,
        sub(piece, match.start, match.end),
      );
      return sub(piece, match.end + (/^\s*,/.exec(after)?.[0].length ?? 0));
    }
    const { cron, timeZone, assumedTime } = match.value;
    this.draft.trigger = { type: 'schedule', cron, ...(timeZone ? { timeZone } : {}) };
    if (assumedTime)
      this.ctx.warn(
        'assumed-time',
        'No time of day given; runs start at midnight',
        sub(piece, match.start, match.end),
      );
    return sub(piece, match.end + (/^\s*,/.exec(after)?.[0].length ?? 0));
  }

  /** "When a purchase request is submitted with the vendor, amount and a justification, …". */
  private triggerClause(piece: Segment): Segment {
    const text = maskParentheses(piece.text);
    const withAt = /\s(?:with|including|containing|by giving|giving|providing)\s/i.exec(text);
    const firstComma = clauseComma(text, 0);
    if (withAt && (firstComma < 0 || withAt.index < firstComma)) {
      const listStart = withAt.index + withAt[0].length;
      // The list ends at the first comma after its "and" item.
      const andAt = text.slice(listStart).search(/\s(?:and|as well as)\s/i);
      const endComma =
        andAt < 0 ? text.indexOf(',', listStart) : text.indexOf(',', listStart + andAt);
      const listEnd = endComma < 0 ? text.length : endComma;
      this.ctx.addFields(readFieldList(piece.text.slice(listStart, listEnd)));
      this.draft.requestSignal = true;
      return sub(piece, listEnd + 1);
    }
    this.draft.requestSignal = true;
    if (firstComma < 0) return sub(piece, text.length);
    return sub(piece, firstComma + 1);
  }

  /** "Budget changes are submitted with the cost center and the amount." and kin. */
  private intakeSentence(piece: Segment): Segment {
    const submitter =
      /\b(?:employees?|customers?|users?|staff|people|someone|vendors?|suppliers?|clients?|candidates?|managers?|teams?)\b/i;
    const only = SUBMITTED_ONLY.exec(piece.text);
    if (only?.[1]) {
      this.draft.requestSignal = true;
      return sub(piece, piece.text.length);
    }
    for (const pattern of INTAKE) {
      const m = pattern.exec(piece.text);
      if (!m?.[1] || !m[2]) continue;
      // "are submitted with" says intake by itself; "has"/"includes" only of a request noun.
      const byVerb = pattern !== INTAKE[2];
      if (byVerb ? !REQUEST_NOUNS.test(m[1]) && !submitter.test(m[1]) : !REQUEST_NOUNS.test(m[1])) {
        continue;
      }
      // "has ninety minutes to respond" is a time budget, not a list of fields.
      if (findDurations(m[2]).length > 0) continue;
      if (/\b(?:approv|sign|notify|hand|assign|review|escalat)/i.test(m[2])) continue;
      const fields = readFieldList(m[2]);
      if (fields.length === 0) continue;
      this.ctx.addFields(fields);
      this.draft.requestSignal = true;
      return sub(piece, piece.text.length);
    }
    return piece;
  }

  /** Steps from a main clause, appended to `target`; limits attach to the step before. */
  main(piece: Segment, target: Step[], rejecting: boolean): void {
    const repeat = this.repeat(piece, rejecting);
    if (repeat) {
      target.push(repeat);
      return;
    }
    const parallel =
      /\s*,?\s*\b(?:at the same time|in parallel|simultaneously|concurrently)\b\s*/i.exec(
        piece.text,
      );
    if (parallel) {
      const body = {
        ...piece,
        text:
          piece.text.slice(0, parallel.index) +
          piece.text.slice(parallel.index + parallel[0].length),
      };
      if (this.parallel(body, target, rejecting)) return;
    }
    for (const part of clauses(piece)) this.clause(part, target, rejecting);
  }

  private clause(part: Segment, target: Step[], rejecting: boolean): void {
    const previous = lastLeaf(target) ?? lastLeaf(this.draft.steps);
    if (
      previous?.type === 'subflow' &&
      /^wait(?:\s+for\s+(?:it|that|them))?(?:\s+to\s+(?:finish|complete|end))?$/i.test(part.text)
    ) {
      previous.wait = true;
      return;
    }
    if (previous && isLimitClause(part.text)) {
      const limit = readLimit(part.text, this.ctx.lastParties);
      if (limit && applyLimit(previous, limit)) return;
    }
    const steps = readClause(this.ctx, part, rejecting);
    if (!steps) {
      const limit = previous ? readLimit(part.text, this.ctx.lastParties) : undefined;
      if (previous && limit && applyLimit(previous, limit)) return;
      if (
        /^(?:then\s+)?(?:it|this|the request|they)\s+(?:gets?|is|are|must be|needs to be|should be|will be)\s+approved$/i.test(
          part.text,
        )
      ) {
        this.ctx.ask('missing-approver', `Who approves it? "${part.text}" does not say.`, part);
        this.ctx.error('missing-approver', `"${part.text}" does not say who approves`, part);
        return;
      }
      this.unrecognized(part);
      return;
    }
    const fallback = /\b(?:otherwise|or it|or they|or else)\b/i.exec(part.text);
    for (const step of steps) {
      if (fallback && (step.type === 'task' || step.type === 'approval')) {
        const limit = readLimit(part.text.slice(fallback.index), this.ctx.lastParties);
        // What comes after "otherwise" must land somewhere, or be reported.
        if (!limit?.action || !applyLimit(step, limit)) {
          this.ctx.error(
            'unrecognized-limit',
            `Could not understand "${part.text.slice(fallback.index)}" as what happens when the time runs out`,
            { start: part.start + fallback.index, end: part.end },
          );
        }
      }
      target.push(step);
    }
  }

  /** "IT sets up the laptop and facilities prepares the desk at the same time". */
  private parallel(piece: Segment, target: Step[], rejecting: boolean): boolean {
    const lanes = splitOn(
      piece,
      /\s*,\s*(?:and\s+)?|\s+and\s+(?!(?:the\s+)?\w+\s+(?:team|department)\b)/gi,
    );
    const branches: Step[][] = [];
    for (const lane of lanes) {
      const steps = readClause(this.ctx, lane, rejecting);
      if (!steps || steps.length === 0) break;
      branches.push(steps);
    }
    if (branches.length === lanes.length && branches.length >= 2) {
      target.push({
        type: 'parallel',
        id: this.ctx.nextId('parallel'),
        span: { start: piece.start, end: piece.end },
        branches: branches.map((steps) => ({ steps })),
      });
      return true;
    }
    const single = readClause(this.ctx, piece, rejecting);
    if (single && single.length > 0) {
      target.push(...single);
      return true;
    }
    return false;
  }

  /** "every hour notify the incident commander until the status is resolved". */
  private repeat(piece: Segment, rejecting: boolean): Step | undefined {
    const m =
      /^(?:(.+?)\s+)?(?:every|each)\s+((?:\d+|[a-z]+)\s+)?((?:minute|hour|day|week|business day|working day)s?)\b\s*,?\s*(.*?)\s+until\s+(.+)$/i.exec(
        piece.text,
      );
    if (!m?.[3] || !m[5]) return undefined;
    const every = findDurations(`${m[2] ?? '1 '}${m[3]}`)[0]?.value;
    const bodyText = [m[1], m[4]].filter(Boolean).join(' ');
    const condition = readCondition(m[5], this.ctx.fields, readers);
    if (!every || !condition || !bodyText) return undefined;
    const body: Step[] = [];
    const bodyStart = piece.text.indexOf(bodyText);
    for (const part of clauses(
      sub(piece, Math.max(0, bodyStart), Math.max(0, bodyStart) + bodyText.length),
    )) {
      const steps = readClause(this.ctx, part, rejecting);
      if (!steps) return undefined;
      body.push(...steps);
    }
    if (body.length === 0) return undefined;
    return {
      type: 'repeat',
      id: this.ctx.nextId('repeat'),
      span: { start: piece.start, end: piece.end },
      every,
      until: condition,
      maxIterations: 1000,
      steps: body,
    };
  }

  /** "If <condition>, <steps>" (the comma may be missing: "If the amount is over $10,000 the CFO must also approve"). */
  private conditional(piece: Segment): void {
    const body = sub(piece, 2);
    const candidates: [Segment, Segment][] = [];
    const comma = clauseComma(maskParentheses(body.text), 0);
    if (comma > 0) candidates.push([sub(body, 0, comma), sub(body, comma + 1)]);
    const words = [...body.text.matchAll(/\s+/g)].map((m) => m.index);
    for (const at of words) candidates.push([sub(body, 0, at), sub(body, at)]);
    for (const [conditionPart, rest] of candidates) {
      if (!rest.text) continue;
      const previous = lastLeaf(this.draft.steps);
      // "If it is not done by then, escalate …": a limit on the step before, not a branch.
      if (
        previous &&
        previous.type !== 'wait' &&
        isLimitClause(`if ${conditionPart.text}, ${rest.text}`)
      ) {
        const [head, ...more] = clauses(rest);
        const limits = [
          readLimit(`if ${conditionPart.text}, ${head?.text ?? ''}`, this.ctx.lastParties),
          ...more.map((part) => readLimit(part.text, this.ctx.lastParties)),
        ];
        if (limits.every((limit) => limit !== undefined)) {
          for (const limit of limits) if (limit) applyLimit(previous, limit);
          return;
        }
      }
      const condition = readCondition(conditionPart.text, this.ctx.fields, readers);
      if (!condition) continue;
      const then: Step[] = [];
      const before = this.ctx.diagnostics.length;
      this.main(rest, then, condition === 'rejected');
      if (then.length === 0) {
        this.ctx.diagnostics.length = before;
        continue;
      }
      const step: IfStep = {
        type: 'if',
        id: this.ctx.nextId('if'),
        span: { start: piece.start, end: piece.end },
        condition,
        then,
      };
      this.draft.steps.push(step);
      this.openIf = step;
      return;
    }
    this.unrecognized(piece);
  }

  /** "Otherwise …": the else arm of the last condition, or a limit on the step before. */
  private otherwise(piece: Segment, rest: Segment): void {
    const previous = lastLeaf(this.draft.steps);
    const last = this.draft.steps.at(-1);
    if (previous && (!last || last.type !== 'if' || last !== this.openIf)) {
      const limit = readLimit(piece.text, this.ctx.lastParties);
      if (limit && applyLimit(previous, limit)) return;
    }
    if (this.openIf && last === this.openIf && !this.openIf.else) {
      const steps: Step[] = [];
      this.main(rest, steps, this.openIf.condition === 'approved');
      if (steps.length > 0) this.openIf.else = steps;
      return;
    }
    this.unrecognized(piece);
  }
}

function flowName(source: string): string {
  const words = slugify(source.split(/[.,;]/)[0] ?? '')
    .split('-')
    .filter((w) => !/^(?:when|a|an|the|every|each|if|at|on)$/.test(w));
  return words.slice(0, 5).join('-').slice(0, 60).replace(/-+$/, '') || 'flow';
}

/** Compiles an English description into a flow, or says exactly what it could not understand. */
export function compile(source: string, options: CompileOptions = {}): CompileResult {
  const compiler = new Compiler(source);
  compiler.run();
  const { ctx, draft } = compiler;
  const trigger: Trigger =
    draft.trigger ??
    (draft.requestSignal || ctx.fields.length > 0
      ? { type: 'request', fields: ctx.fields }
      : { type: 'manual' });
  if (trigger.type === 'request') trigger.fields = ctx.fields;
  const empty = { spans: {}, explanation: [], outline: [] };
  if (draft.steps.length === 0) {
    if (ctx.diagnostics.length === 0)
      ctx.error('no-steps', 'No step of a flow was found in the description', {
        start: 0,
        end: source.length,
      });
    return { ...empty, diagnostics: ctx.diagnostics, questions: ctx.questions };
  }
  const document = {
    name: options.name ?? flowName(source),
    description: source.slice(0, 5000),
    version: 1,
    ownerTeam: options.ownerTeam ?? 'unassigned',
    trigger,
    steps: draft.steps,
  };
  const parsed = parseFlow(document);
  const issues = parsed.ok ? verifyFlow(parsed.flow) : parsed.errors;
  if (!parsed.ok || hasErrors(issues)) {
    for (const issue of issues.filter((i) => i.severity === 'error')) {
      ctx.error(
        `flow-${issue.code}`,
        `The compiled flow would be invalid at ${issue.path}: ${issue.message}`,
        { start: 0, end: source.length },
      );
    }
    return { ...empty, diagnostics: ctx.diagnostics, questions: ctx.questions };
  }
  const spans: Record<string, SourceSpan> = {};
  forEachStep(parsed.flow.steps, (step) => {
    if (step.span) spans[step.id] = step.span;
  });
  return {
    flow: parsed.flow,
    spans,
    diagnostics: ctx.diagnostics,
    questions: ctx.questions,
    explanation: explain(parsed.flow),
    outline: outline(parsed.flow),
  };
}
