import { durationText, type IntakeField, type Party } from '../../dsl';
import type { CompileContext } from '../context';
import type { SourceSpan } from '../diagnostic';
import {
  findDurations,
  findSchedule,
  findTimesOfDay,
  findTimeZone,
  readSchedules,
  type Schedule,
} from '../phrases';
import { lower, splitSentences } from '../sentences';
import { Lead, splitClauses, type Clause } from '../text/clauses';
import { outcomeOf, readConditionPhrase } from './conditions';
import type { Act, Limits } from './frame';
import { maskParentheses, readFieldList } from '../fields';
import { nounKey, subjectParty } from '../mentions/parties';
import { readParty } from '../parties';
import { readIntake } from './intake';
import { findLimits, isTimeoutCondition, readLimitAction } from './limits';
import type { FlowNode } from './node';
import { readClause, type ClauseReading } from './read-clause';
import { tokensOf } from '../text/tokens';
import {
  CONDITION_LEAD,
  WHEN_LEAD,
  INTAKE_VERBS,
  REQUEST_NOUN,
  FOR_ITEM,
  NTH_WEEKDAY,
  VAGUE_FREQUENCY,
  REPEAT_UNTIL,
  CLOCK_DEADLINE,
  DONE_BY,
  THE_END,
  GREETING,
  EVENT_FIRED,
  FIELDS_HEADING,
  BULLET,
  FIRST_WINS,
  OPEN_END,
  REJECTION_MENTION,
  FRONT_COMPARISON,
  LATER,
  ORDER_WORDS,
  PARALLEL_WORDS,
  OUTCOME_SUBJECT,
  ONCE_LEAD,
  ELSE_SUBJECT,
  ASSIGNMENT_WORDS,
  WEEKDAY_DEADLINE,
  REBALANCE_WORDS,
  UNAVAILABLE,
  MOVES,
  TEAMMATE,
} from './cues';
import { conditionalSplit, coordinated } from './coordination';

/** Words that carry the act before on to the parties a verbless clause names. */
const CARRIED_ON =
  /^(?:then|and|or|next|after(?:wards| that)?|followed by|finally|also|plus|to)\b/i;

// How clauses join into a flow: in sequence, under a condition ("if …, …; otherwise …"), in a
// rejection or timeout branch, in parallel, or repeated until something holds. Time limits in
// a clause of their own ("they must accept within a day", "or it's escalated") attach to the
// act before.

/** The trigger the description names. */
export type TriggerReading =
  | { readonly type: 'manual' }
  | { readonly type: 'request' }
  | { readonly type: 'schedule'; readonly schedule: Schedule; readonly span: SourceSpan };

/** What the discourse made of a description. */
export interface FlowReading {
  readonly trigger: TriggerReading | undefined;
  readonly nodes: FlowNode[];
  /** The sentence that lets work move off people away or over capacity ("rebalance"). */
  readonly rebalance: SourceSpan | undefined;
}

class Discourse {
  readonly nodes: FlowNode[] = [];
  trigger: TriggerReading | undefined;
  rebalance: SourceSpan | undefined;
  readonly submitters = new Set<string>();
  private pronoun: Party[] = [];
  private readonly learned = new Map<string, Party>();
  private lastAct: Extract<FlowNode, { kind: 'act' }> | undefined;
  /** The list clauses go into now (the top level, or an open branch). */
  private target: FlowNode[] = this.nodes;
  /** The branch a sentence opened, closed when the sentence ends or "then" moves on. */
  private openIf: Extract<FlowNode, { kind: 'if' }> | undefined;
  private lastIf: Extract<FlowNode, { kind: 'if' }> | undefined;
  private parallel: Extract<FlowNode, { kind: 'parallel' }> | undefined;
  /** The parallel an "In parallel:" line opened, whose branches are the list items after it. */
  private listed: Extract<FlowNode, { kind: 'parallel' }> | undefined;
  private rejectionHandled = false;
  private started = false;

  private sentence = '';
  private readonly forms: IntakeField[] = [];
  /** The text opened with a heading ("Licence requests:"). */
  private heading = false;
  /** Whether the clause before was "Form fields:", so that this one is the list. */
  private fieldsNext = false;
  private firstClause = -1;

  constructor(
    private readonly source: string,
    private readonly ctx: CompileContext,
  ) {}

  run(): void {
    this.runSentences();
    this.flushPending();
    // "Once approved, IT grants access", and nothing said of a rejection: say what it does.
    const approved = this.approvedOnly(this.nodes);
    if (approved && !this.rejectionHandled) {
      this.ctx.warn(
        'no-rejection-branch',
        'Nothing is said for a rejection: a rejected run skips these steps and ends',
        approved.span,
      );
    }
  }

  /** The first "if approved" without an else, anywhere in `nodes`. */
  private approvedOnly(nodes: readonly FlowNode[]): Extract<FlowNode, { kind: 'if' }> | undefined {
    for (const node of nodes) {
      const inner =
        node.kind === 'if'
          ? node.condition === 'approved' && !node.else
            ? node
            : (this.approvedOnly(node.then) ?? this.approvedOnly(node.else ?? []))
          : node.kind === 'parallel'
            ? node.branches.map((b) => this.approvedOnly(b)).find(Boolean)
            : node.kind === 'repeat'
              ? this.approvedOnly(node.body)
              : undefined;
      if (inner) return inner;
    }
    return undefined;
  }

  private runSentences(): void {
    for (const sentence of splitSentences(this.source)) {
      this.sentence = this.source.slice(sentence.start, sentence.end);
      const clauses = splitClauses(this.source, sentence);
      if (this.firstClause < 0) this.firstClause = clauses[0]?.start ?? 0;
      this.target = this.nodes;
      this.openIf = undefined;
      this.parallel = undefined;
      this.flushPending();
      // "If an agent is away or swamped, their tickets move to a teammate": the flow lets the
      // watcher rebalance its team work; the sentence is no step.
      const said = lower(this.sentence);
      const moving =
        REBALANCE_WORDS.test(said) ||
        (UNAVAILABLE.test(said) && MOVES.test(said) && TEAMMATE.test(said));
      if (this.started && moving) {
        this.rebalance = { start: sentence.start, end: sentence.end };
        continue;
      }
      // "In parallel:" and a bulleted list: each item a branch, until a line is not an item.
      const item = BULLET.test(this.source.slice(sentence.start, sentence.end));
      if (this.listed && item) this.parallel = this.listed;
      else this.listed = undefined;
      const only = clauses.length === 1 ? clauses[0] : undefined;
      const heading = only?.text === '' && only.leads.includes(Lead.parallel);
      if (heading && /:\s*$/.test(this.source.slice(sentence.start, sentence.end))) {
        this.listed = {
          kind: 'parallel',
          span: { start: only.start, end: only.end },
          branches: [],
        };
        this.target.push(this.listed);
        continue;
      }
      clauses.forEach((clause, k) => {
        // A field list's commas and "and"s join fields, not acts; after "When …", only a list
        // that ends the clause ("When a gift is recorded we get A, B and C").
        const list = this.started ? undefined : readIntake(clause.text)?.list;
        const commas = clause.text.match(/,/g)?.length ?? 0;
        const listing =
          (list !== undefined &&
            (!WHEN_LEAD.test(lower(clause.text)) || list.end >= clause.text.length)) ||
          (this.heading && commas >= 2 && readFieldList(clause.text).length > commas);
        const parts = listing ? [clause] : coordinated(this.source, clause);
        // "… and the stock team pulls the overstock, at the same time, each within 8 hours": the
        // words after the acts say they run together.
        const next = clauses[k + 1];
        const trailing =
          next?.leads.includes(Lead.parallel) === true &&
          (() => {
            const reading = this.read({ start: next.start, end: next.end });
            return !reading.ok ? !reading.predicate : reading.frame.acts.length === 0;
          })();
        // "IT sets up the laptop and facilities prepares the desk at the same time".
        const together = PARALLEL_WORDS.test(lower(clause.text)) || trailing;
        if (parts.length > 1 && together && !this.parallel) {
          this.parallel = {
            kind: 'parallel',
            span: { start: clause.start, end: clause.end },
            branches: [],
          };
          this.target.push(this.parallel);
        }
        parts.forEach((part, i) => this.clause(i === 0 ? part : { ...part, leads: [] }));
      });
    }
  }

  private read(span: SourceSpan, afterRejection = false): ClauseReading {
    return readClause(this.source, span, {
      requester: {
        has: (noun) =>
          this.submitters.has(noun) ||
          /^(?:requester|requestor|submitter|applicant|claimant|customer|user)$/.test(noun),
      },
      learned: this.learned,
      pronoun: this.pronoun,
      afterRejection,
      sentence: this.sentence,
      ...(this.lastAct ? { previous: this.lastAct.act.kind } : {}),
    });
  }

  private report(reading: Extract<ClauseReading, { ok: false }>): void {
    if (
      reading.code === 'missing-approver' ||
      reading.code === 'missing-assignee' ||
      reading.code === 'missing-recipient'
    ) {
      this.ctx.ask(reading.code, reading.message, reading.span, reading.answer);
    } else this.ctx.error(reading.code, reading.message, reading.span);
  }

  /** Reads the opening: a heading, a schedule, "started by hand", or a request with fields. */
  private intake(clause: Clause, first: boolean): SourceSpan | null {
    const text = clause.text;
    // "Hi both, quick one on …", "Dear colleagues, from next month …": a greeting opens a
    // message, not a flow; what follows its comma is read.
    const greeting = first ? GREETING.exec(lower(text)) : null;
    const chat = greeting && text.slice(greeting[0].length).split(/\s+/).length <= 8;
    if (greeting && (greeting[0].length >= text.length || (chat && !readIntake(text)?.list)))
      return null;
    if (greeting) {
      const rest = this.trimmed(clause.start + greeting[0].length, clause.end);
      const opens = { ...clause, text: this.source.slice(rest.start, rest.end), ...rest };
      return this.intake(opens, true);
    }
    let start = clause.start;
    const nth = NTH_WEEKDAY.exec(lower(text));
    if (nth) {
      this.ctx.error(
        'unsupported-schedule',
        `"${nth[0]}": schedules on the first, second or last weekday of a month are not supported yet`,
        { start: clause.start + nth.index, end: clause.start + nth.index + nth[0].length },
      );
    }
    // "every 3 days, remind them until it is paid" repeats a step; it does not start runs.
    const lowered = lower(text);
    const repeats = /\buntil\b/.test(lowered);
    const read = WHEN_LEAD.test(lowered) || nth || repeats ? {} : readSchedules(text);
    const schedule = read.found;
    const unsupported = this.trigger ? undefined : read.unsupported;
    if (unsupported) {
      this.ctx.error(
        'unsupported-schedule',
        `"${unsupported.value}": no single schedule can say this yet; give the dates on one day of the month, with a time (for example "twice a year, on 1 March and 1 September at 9am")`,
        { start: clause.start + unsupported.start, end: clause.start + unsupported.end },
      );
    }
    if (schedule && !this.trigger) {
      const zone = schedule.value.timeZone ?? findTimeZone(text)?.value;
      this.trigger = {
        type: 'schedule',
        schedule: { ...schedule.value, ...(zone ? { timeZone: zone } : {}) },
        span: { start: clause.start + schedule.start, end: clause.start + schedule.end },
      };
      if (schedule.start <= 1)
        start = this.trimmed(
          clause.start + schedule.end + (/^\s*,/.exec(text.slice(schedule.end))?.[0].length ?? 0),
          clause.end,
        ).start;
    }
    const untimed =
      this.trigger?.type === 'schedule' && this.trigger.schedule.assumedTime
        ? this.trigger.span
        : undefined;
    if (untimed && untimed.end <= clause.start) start = this.scheduleGoesOn(clause, untimed);
    if (start >= clause.end) return null;
    const reading = this.read({ start, end: clause.end });
    const intake = readIntake(this.source.slice(start, clause.end));
    // "Inspections run quarterly, at 8am on …": the schedule's own clause starts runs, nothing more.
    const timed = reading.ok && reading.frame.limits.within !== undefined;
    const doers = reading.ok ? reading.parties.length : 0;
    // "Fire safety inspections run quarterly": what runs is the flow, not someone doing work.
    const verbAt = reading.predicate?.to ?? 0;
    const object = tokensOf(this.source, start, clause.end)[verbAt];
    const happens =
      /^(?:run|happen|occur|take place|recur|go)$/.test(reading.predicate?.lemma ?? '') &&
      !['DET', 'NOUN', 'PROPN', 'PRON'].includes(object?.pos ?? '');
    if (
      schedule &&
      reading.predicate?.classes.includes('start') &&
      !timed &&
      (doers === 0 || happens)
    )
      return null;
    const words = clause.text.split(/\s+/).length;
    // A short opening before a colon is a heading ("Gauge calibration checks: …"); before a full
    // stop only when it is no step ("Wait a week." is one).
    const step = reading.ok && reading.frame.acts.length > 0;
    // "Vendor offboarding (started by hand).": a name with a note in brackets, too.
    const next = this.source.slice(clause.end, clause.end + 3);
    const heading =
      first &&
      ((/^\s*:/.test(next) && words <= 5) ||
        (!step && /^\s*\.\s/.test(next) && words <= 3) ||
        (!reading.ok && /^\s*\(/.test(next) && words <= 3));
    const listed = !reading.ok && reading.verbless ? intake : undefined;
    if (listed && listed.fields.length > 0) {
      this.trigger ??= { type: 'request' };
      this.addSubmitters(listed.submitters);
      this.ctx.addFields(listed.fields);
      return null;
    }
    // A verbless opening is a heading only when more follows it ("Credentialing for new doctors: …").
    const more = /\S/.test(this.source.slice(clause.end + 1));
    if ((!reading.ok && reading.verbless && first && more && words <= 8) || heading) {
      this.heading = true;
      return null;
    }
    // "Form fields: vendor name, contact email, tax ID, …": what follows the colon is the list.
    if (FIELDS_HEADING.test(lower(text)) && /^\s*:/.test(next)) {
      this.fieldsNext = true;
      return null;
    }
    const fieldsNext = this.fieldsNext;
    this.fieldsNext = false;
    // "Travel requests: employee, destination, dates, estimated cost.": after a heading, a
    // bare list of three or more, whatever word in it looks like a verb.
    const commas = text.match(/,/g)?.length ?? 0;
    const bareList = this.heading && commas >= 2;
    if ((!reading.ok && reading.verbless && this.heading) || fieldsNext || bareList) {
      // "Licence requests: software name, number of seats, annual cost."
      const fields = readFieldList(this.source.slice(start, clause.end));
      const whole = !bareList || (!reading.ok && reading.verbless) || fields.length > commas;
      if (fields.length >= 2 && whole) {
        this.trigger ??= { type: 'request' };
        this.ctx.addFields(fields);
        return null;
      }
    }
    const classes = reading.predicate?.classes ?? [];
    // Work with a time limit ("gets a desk ready within 5 days") is a step, not the intake.
    // A time limit after the field list belongs to what follows the list, not to the intake.
    const listEnd = intake?.list?.end;
    const beforeList = findLimits(
      this.source.slice(start, listEnd === undefined ? clause.end : start + listEnd),
    );
    const limited =
      reading.ok &&
      (beforeList.limits.within !== undefined || beforeList.limits.remindEvery !== undefined);
    // "When an agent escalates a ticket they give A, B and C": the event and what it brings.
    // "if a candidate withdraws, the recruiter logs it with A and B": said first, the event.
    const event =
      WHEN_LEAD.test(lower(text)) ||
      (first && /^if\b/.test(lower(text)) && (intake?.fields.length ?? 0) >= 2);
    // "If the applicant has pets, the CPO approves": a condition, not what the request brings.
    if (/^(?:if|unless)\b/.test(lower(text)) && !event) return { start, end: clause.end };
    const whenListed =
      event &&
      intake?.list !== undefined &&
      intake.list.end >= this.source.slice(start, clause.end).trimEnd().length;
    // "Prod access requests need a reason and the system": what a request needs is its fields.
    const needed =
      /^(?:[\w-]+\s+){0,4}(?:needs?|requires?)\s/.test(lower(text)) &&
      REQUEST_NOUN.test(lower(text)) &&
      intake?.list !== undefined &&
      (!reading.ok || reading.parties.length === 0);
    const intakeLike =
      whenListed ||
      needed ||
      (!limited &&
        !clause.leads.includes(Lead.then) &&
        !clause.leads.includes(Lead.parallel) &&
        (INTAKE_VERBS.test(reading.predicate?.lemma ?? '') ||
          classes.includes('start') ||
          (!reading.predicate && reading.ok)));
    // "When a request is submitted with A and B, the manager approves it": the trigger, then a step.
    const when = event ? this.afterTrigger(start, clause.end, intake) : undefined;
    if (when) {
      // An event starts the run: "when a deal is closed" is a request from another system.
      const head = readIntake(this.source.slice(start, when.comma));
      if (this.trigger?.type !== 'schedule')
        this.trigger = head?.manual ? { type: 'manual' } : { type: 'request' };
      this.addSubmitters(head?.submitters ?? []);
      this.ctx.addFields(head?.fields ?? []);
      const rest = this.trimmed(when.comma + 1, clause.end);
      // What follows may still be the intake: "…, the system sends it with the name and the unit".
      return this.intake(
        {
          ...clause,
          text: this.source.slice(rest.start, rest.end),
          start: rest.start,
          end: rest.end,
          leads: [],
        },
        false,
      );
    }
    if (!this.trigger && (REQUEST_NOUN.test(lower(text)) || FOR_ITEM.test(lower(text))))
      this.trigger = { type: 'request' };
    // "Tickets are submitted by customers", "Customers report a bug", "Employees request a
    // laptop": who submits is the intake's, not someone with a step.
    const submitter = (party: Party) =>
      party.type === 'requester' ||
      (party.type === 'role' && intake?.submitters.includes(party.role) === true) ||
      (party.type === 'team' && intake?.submitters.includes(party.team) === true);
    const byRequester =
      reading.ok && reading.parties.length > 0 && reading.parties.every(submitter);
    const submittedBy =
      reading.predicate?.voice === 'passive' && (intake?.submitters.length ?? 0) > 0;
    if (
      (submittedBy || byRequester) &&
      classes.includes('submit') &&
      intake?.request &&
      !intake.manual &&
      intakeLike
    ) {
      this.trigger ??= { type: 'request' };
      this.addSubmitters(intake.submitters);
      this.ctx.addFields(intake.fields);
      return null;
    }
    // "Once an application is received (…), the processor requests the documents from the
    // applicant": with the trigger said, a doer's act that brings no fields is a step.
    if (
      this.trigger &&
      !intake?.list &&
      reading.ok &&
      reading.parties.length > 0 &&
      !intake?.manual &&
      !classes.includes('start')
    )
      return { start, end: clause.end };
    const actorless = !reading.ok || reading.frame.acts.length === 0;
    if (intake?.manual && (intakeLike || actorless)) {
      if (this.trigger?.type !== 'schedule') this.trigger = { type: 'manual' };
      return null;
    }
    // A clause that fails to read is an intake only when a field list was found in it.
    const listedFields =
      intake !== undefined && intake.fields.length > 0 && !reading.ok && !reading.predicate;
    // "… with the room and the date, and the facilities team confirms it within a day": the act
    // comes after the list, so the list is the intake and the act is read after it.
    const at = reading.predicate
      ? tokensOf(this.source, start, clause.end)[reading.predicate.from]
      : undefined;
    const actAfterList =
      intake?.list !== undefined && at !== undefined && at.start - start >= intake.list.end;
    if (!intake || (!intakeLike && !listedFields && !actAfterList))
      return { start, end: clause.end };
    if (this.trigger?.type !== 'schedule') {
      // "… chased by hand: the officer starts a run when one falls due": said once, by hand stays.
      const manual = intake.manual || this.trigger?.type === 'manual';
      this.trigger = manual ? { type: 'manual' } : { type: 'request' };
    }
    this.addSubmitters(intake.submitters);
    this.ctx.addFields(intake.fields);
    // "… and the expected spend, and the procurement team vets the supplier": what follows the
    // field list is read as the flow's next clause, never dropped with the intake.
    const after = intake.list ? start + intake.list.end : clause.end;
    const rest =
      /^[\s,;:)]*(?:and\s+)?/.exec(this.source.slice(after, clause.end))?.[0].length ?? 0;
    const remainder = this.trimmed(after + rest, clause.end);
    if (/[\p{L}]/u.test(this.source.slice(remainder.start, remainder.end))) {
      this.started = true;
      return remainder;
    }
    return null;
  }

  /**
   * "Monthly pipeline review: on the 1st at 10am Singapore time …": a schedule said without its
   * time, given it at the start of the next clause. Returns where the clause's own words start.
   */
  private scheduleGoesOn(clause: Clause, said: SourceSpan): number {
    const words = this.source.slice(said.start, said.end);
    const joined = findSchedule(`${words}, ${clause.text}`);
    const taken = joined ? joined.end - words.length - 2 : 0;
    if (!joined || joined.start !== 0 || taken <= 0 || joined.value.assumedTime)
      return clause.start;
    const zone = joined.value.timeZone ?? findTimeZone(clause.text)?.value;
    this.trigger = {
      type: 'schedule',
      schedule: { ...joined.value, ...(zone ? { timeZone: zone } : {}) },
      span: { start: said.start, end: clause.start + taken },
    };
    return this.trimmed(clause.start + taken, clause.end).start;
  }

  private clause(clause: Clause): void {
    let span: SourceSpan | null = { start: clause.start, end: clause.end };
    const vague = VAGUE_FREQUENCY.exec(lower(clause.text));
    if (vague) {
      this.ctx.error(
        'vague-schedule',
        `"${vague[0]}" does not say how often: say "every day", "every Monday at 9am", …`,
        { start: clause.start + vague.index, end: clause.start + vague.index + vague[0].length },
      );
    }
    if (!this.started) {
      span = this.intake(clause, clause.start === this.firstClause);
      if (!span || span.end <= span.start) return;
    }
    const text = lower(this.source.slice(span.start, span.end));
    const leads = clause.leads;
    if (leads.includes(Lead.then) || leads.includes(Lead.finally)) this.close();
    // "HR creates the record. At the same time, IT prepares a laptop": the act before runs beside this one.
    const previous = this.lastAct;
    const level = previous ? this.levelOf(previous) : undefined;
    if (leads.includes(Lead.parallel) && !this.parallel && previous && level === this.target) {
      this.parallel = { kind: 'parallel', span, branches: [[previous]] };
      level.splice(level.indexOf(previous), 1, this.parallel);
    }
    if ((leads.includes(Lead.parallel) || PARALLEL_WORDS.test(text)) && !this.parallel) {
      this.parallel = { kind: 'parallel', span, branches: [] };
      this.target.push(this.parallel);
    }
    const elseSubject = ELSE_SUBJECT.exec(text);
    if (
      (leads.includes(Lead.otherwise) || elseSubject) &&
      this.otherwise(
        { start: span.start + (elseSubject?.[0].length ?? 0), end: span.end },
        !!elseSubject,
        span,
      )
    )
      return;
    const later = LATER.exec(text);
    if (later?.[1]) {
      const duration = findDurations(later[1])[0];
      if (duration) {
        // "Seven days later the lead reports …": a wait, then the act.
        this.started = true;
        this.push(
          this.target,
          { kind: 'wait', duration: duration.value },
          { start: span.start, end: span.start + later[0].length },
          {},
        );
        return void this.plain(this.trimmed(span.start + later[0].length, span.end));
      }
    }
    if (REJECTION_MENTION.test(text) && this.decided() && !this.openIf) {
      // "The requester is informed of any rejection": a rejection branch said in passing.
      return void this.branch('rejected', span, span, true);
    }
    const decided = OUTCOME_SUBJECT.exec(text);
    if (decided?.[1] || decided?.[2]) {
      // "Rejected claims are closed as rejected", "a rejection cancels it": a rejection branch;
      // "Approved requests go to …": what follows.
      const rest = decided[1] ? this.trimmed(span.start + decided[0].length, span.end) : span;
      if (
        decided[2] ||
        /^(?:rejected|declined|denied|refused|turned down)$/.test(decided[1] ?? '')
      ) {
        return void this.branch('rejected', span, rest, true);
      }
      this.close();
      // "Approved work is handed to facilities", with no rejection branch: only if approved.
      if (!this.rejectionHandled && this.decided())
        return void this.branch('approved', span, rest, false);
      return void this.plain(rest);
    }
    // "Up to $20,000 the portfolio manager approves": a comparison in front is a condition.
    if (FRONT_COMPARISON.test(text) && this.conditional(span, 0)) return;
    const conditional = CONDITION_LEAD.exec(text);
    if (conditional && this.conditional(span, conditional[0].length)) return;
    const once = ONCE_LEAD.exec(text);
    if (once && this.once(span, once[0].length)) return;
    if (conditional && /^(?:if|unless)\b/.test(text)) {
      // "If <words no reading knows>, hand it to …": the step is read, its condition is not
      // dropped in silence.
      const comma = text.indexOf(',');
      const end = comma > 0 ? span.start + comma : span.end;
      this.ctx.error(
        'unrecognized-condition',
        'This condition was not understood; the step after it would run every time',
        { start: span.start, end },
      );
      if (comma > 0) return void this.plain(this.trimmed(end + 1, span.end));
      return;
    }
    this.plain(span);
  }

  /** Ends the branch a sentence opened: what follows goes to the level it was opened at. */
  private close(): void {
    // Back to where the sentence began, however deep its branches went.
    if (this.openIf) {
      this.target = this.nodes;
      this.openIf = undefined;
    }
    this.parallel = undefined;
  }

  private levelOf(node: FlowNode, list: FlowNode[] = this.nodes): FlowNode[] | undefined {
    if (list.includes(node)) return list;
    for (const item of list) {
      const inner =
        item.kind === 'if'
          ? (this.levelOf(node, item.then) ??
            (item.else ? this.levelOf(node, item.else) : undefined))
          : item.kind === 'parallel'
            ? item.branches.map((b) => this.levelOf(node, b)).find(Boolean)
            : item.kind === 'repeat'
              ? this.levelOf(node, item.body)
              : undefined;
      if (inner) return inner;
    }
    return undefined;
  }

  /** A clause with no condition: its acts go where clauses go now. */
  private plain(
    span: SourceSpan,
    into: FlowNode[] = this.target,
    afterRejection = this.openIf?.condition === 'rejected' && into === this.openIf.then,
  ): boolean {
    const said = lower(this.source.slice(span.start, span.end));
    const last = this.lastAct;
    if (FIRST_WINS.test(said) && last?.act.kind === 'approve') {
      // "The first answer decides": any one approver's decision is the outcome.
      last.act = { ...last.act, quantity: { mode: 'any' } };
      return true;
    }
    const fired = EVENT_FIRED.exec(said);
    const waiting = this.lastAct;
    if (fired?.[1] && waiting?.act.kind === 'wait') {
      // "we wait up to 5 days for the signed contract; the e-sign tool fires contract.signed":
      // the wait is for that event, the days its time limit.
      waiting.limits.within ??= waiting.act.duration;
      waiting.act = { kind: 'event', event: fired[1] };
      return true;
    }
    if (THE_END.test(said) && this.lastAct) {
      // "… and that's the end of it", "nothing else": the flow ends there, if it did not yet.
      if (into.at(-1)?.kind !== 'act' || this.lastAct.act.kind !== 'end')
        this.push(
          into,
          { kind: 'end', status: afterRejection ? 'rejected' : 'completed' },
          span,
          {},
        );
      return true;
    }
    if (/^until\s/.test(said) && this.untilFirst(span, into)) return true;
    const again = REPEAT_UNTIL.exec(said);
    if (again?.[1] && this.repeatLast(again[1], span)) return true;
    const byDay = WEEKDAY_DEADLINE.exec(this.source.slice(span.start, span.end));
    if (byDay) {
      // "checks them by Monday noon": a day of the week is no time limit a step can have yet.
      const start = span.start + byDay.index;
      this.ctx.error(
        'unsupported-deadline',
        `"${byDay[0]}": a day of the week as a deadline is not supported yet; say how long it may take ("within 3 days")`,
        { start, end: start + byDay[0].length },
      );
    }
    const deadline = CLOCK_DEADLINE.test(said) ? this.deadline(span) : undefined;
    if (deadline !== undefined && DONE_BY.test(said)) {
      // "It has to be finished by 4pm": the time limit of the act before.
      return deadline ? this.attach({ within: deadline }, span) : true;
    }
    const reading = this.read(span, afterRejection);
    if (!reading.ok) {
      if (this.elliptical(span)) return true;
      if (reading.code === 'missing-approver' && !this.pending) {
        // "They need sign-off in this order: A, B, C": the approvers come in the next clause.
        this.pending = {
          span,
          sequence: ORDER_WORDS.test(lower(this.source.slice(span.start, span.end))),
          into,
          reading,
        };
        return true;
      }
      this.report(reading);
      return false;
    }
    const { frame } = reading;
    this.note(reading);
    // "… and then to the security team for approval, and each of them is nudged …": the act
    // before goes on to that party, and the limits are said of both.
    if (frame.acts.length === 0 && /^to\s/.test(said) && this.elliptical(span)) return true;
    if (frame.acts.length === 0) return this.attach(frame.limits, span);
    this.started = true;
    const condition = this.restrictive(span, frame.acts);
    let list = into;
    if (condition) {
      const node: FlowNode = { kind: 'if', condition, span, then: [] };
      into.push(node);
      this.openIf = node;
      this.lastIf = node;
      this.target = node.then;
      list = node.then;
    }
    const every = frame.limits.remindEvery;
    const until = /\buntil\s+(.+)$/.exec(lower(this.source.slice(span.start, span.end)));
    // "every 3 days the engineer retests and records the count, repeating until it is 0".
    const repeatable =
      frame.acts.every((a) => a.kind === 'notify') ||
      (frame.acts.length === 1 && frame.acts[0]?.kind === 'work');
    if (every && until?.[1] && repeatable) {
      const words = until[1].replace(/,?\s*then\b.*$/, '');
      const answers = frame.acts.flatMap((a) => (a.kind === 'work' ? (a.form ?? []) : []));
      const condition =
        this.statusCondition(words) ?? readConditionPhrase(words, [...this.fields(), ...answers]);
      if (condition) {
        const body: FlowNode[] = frame.acts.map((act) => ({ kind: 'act', act, span, limits: {} }));
        list.push({ kind: 'repeat', span, every, until: condition, body });
        return true;
      }
    }
    const parallelWork = frame.acts.length > 1 && frame.acts.every((a) => a.kind === 'work');
    if (parallelWork && this.parallel && this.parallel.branches.length === 0) {
      for (const act of frame.acts)
        this.parallel.branches.push([{ kind: 'act', act, span, limits: { ...frame.limits } }]);
      return true;
    }
    if (parallelWork && !this.parallel) {
      // "security and IT both review it (in parallel)": one branch each.
      const node: FlowNode = {
        kind: 'parallel',
        span,
        branches: frame.acts.map((act) => [
          { kind: 'act', act, span, limits: { ...frame.limits } },
        ]),
      };
      list.push(node);
      return true;
    }
    if (this.parallel && into === this.target && !condition) {
      const branch: FlowNode[] = [];
      this.parallel.branches.push(branch);
      list = branch;
    }
    const limits = deadline
      ? { ...frame.limits, within: frame.limits.within ?? deadline }
      : frame.limits;
    for (const act of frame.acts) this.push(list, act, span, limits);
    // "A reviews the contract and B the questionnaire in parallel, each within 5 days".
    if (list !== into && /,\s*each\b/.test(said)) this.limitEachBranch(limits);
    if (reading.parties.length > 0) this.pronoun = [...reading.parties];
    return true;
  }

  /**
   * "by 4pm", "by end of day, which for us is the 4pm cut-off": on a schedule that starts runs
   * at a time of day, the time from that start; '' (and said why) when it cannot be counted.
   */
  private deadline(span: SourceSpan): string {
    const text = this.source.slice(span.start, span.end);
    const at = findTimesOfDay(text)[0]?.value;
    const cron = this.trigger?.type === 'schedule' ? this.trigger.schedule.cron : undefined;
    const [minute, hour] = (cron ?? '').split(' ').map(Number);
    const start = hour === undefined || minute === undefined ? NaN : hour * 60 + minute;
    const minutes = at ? at.hour * 60 + at.minute - start : NaN;
    if (Number.isInteger(minutes) && minutes > 0)
      return durationText({ kind: 'fixed', seconds: minutes * 60 });
    this.ctx.error(
      'unsupported-deadline',
      at
        ? 'A time of day as a deadline is counted only from a schedule that starts runs earlier the same day; say how long it may take ("within 8 hours")'
        : 'Which time of day is meant? Say it ("by 4pm") or how long it may take ("within 8 hours")',
      span,
    );
    return '';
  }

  /**
   * "Every 3 days the engineer retests …; this repeats until it passes": the act before, with
   * its "every N days", runs again until the condition holds.
   */
  private repeatLast(words: string, span: SourceSpan): boolean {
    const last = this.lastAct;
    const every = last?.limits.remindEvery;
    const level = last ? this.levelOf(last) : undefined;
    if (!last || !every || !level || (last.act.kind !== 'work' && last.act.kind !== 'notify'))
      return false;
    const condition = this.statusCondition(words) ?? readConditionPhrase(words, this.fields());
    if (!condition) return false;
    delete last.limits.remindEvery;
    level.splice(level.indexOf(last), 1, {
      kind: 'repeat',
      span: { start: last.span.start, end: span.end },
      every,
      until: condition,
      body: [last],
    });
    return true;
  }

  /**
   * "until the status is back to running the plant manager gets an update every 30 minutes":
   * the condition said first, then what repeats until it holds.
   */
  private untilFirst(span: SourceSpan, into: FlowNode[]): boolean {
    const text = this.source.slice(span.start, span.end);
    // A condition said first is a few words: "until the status is back to running".
    const gaps = [...text.slice(0, 120).matchAll(/\s+/g)];
    let tries = 2;
    for (const gap of gaps) {
      if (gap.index <= 6) continue;
      const words = lower(text.slice(6, gap.index));
      const condition = this.statusCondition(words) ?? readConditionPhrase(words, this.fields());
      // What repeats starts with who gets it: "… the plant manager gets an update".
      const subject = /^\s+(?:the|a|an|our|their|every|each)\b/i.test(text.slice(gap.index));
      if (!condition || !subject || tries-- <= 0) continue;
      const rest = this.trimmed(span.start + gap.index, span.end);
      const reading = this.read(rest);
      const every = reading.ok ? reading.frame.limits.remindEvery : undefined;
      if (!reading.ok || !every || reading.frame.acts.length === 0) continue;
      if (!reading.frame.acts.every((a) => a.kind === 'notify' || a.kind === 'work')) continue;
      this.note(reading);
      this.started = true;
      const body: FlowNode[] = reading.frame.acts.map((act) => ({
        kind: 'act',
        act,
        span: rest,
        limits: {},
      }));
      into.push({ kind: 'repeat', span, every, until: condition, body });
      return true;
    }
    return false;
  }

  private statusCondition(text: string): string | undefined {
    const match =
      /^(?:the )?status (?:is|shows|becomes|reads|says|goes|gets|returns|=)(?: back)?(?: to| at| in)? ["“']?([\w-]+)/.exec(
        text.trim(),
      ) ?? /^(?:it is|it's|the \w+ is) ([\w-]+)$/.exec(text.trim());
    return match?.[1] ? `status == ${JSON.stringify(match[1])}` : undefined;
  }

  private push(list: FlowNode[], given: Act, span: SourceSpan, limits: Limits): void {
    const act = this.handedOut(given, span);
    const previous = list.at(-1);
    // "first A signs off, then B": approvals in a row by one clause each make a sequence.
    const node: Extract<FlowNode, { kind: 'act' }> = {
      kind: 'act',
      act,
      span,
      limits: { ...limits },
    };
    // "closed and the officer is informed": nothing follows an end, so the rest goes before it.
    const ending = previous?.kind === 'act' && previous.act.kind === 'end' && act.kind !== 'end';
    if (ending) {
      list.splice(list.length - 1, 0, node);
      this.lastAct = node;
      return;
    }
    // "the bonus is cancelled and the flow ends": one end, the one that says how.
    if (previous?.kind === 'act' && previous.act.kind === 'end' && act.kind === 'end') return;
    if (
      act.kind === 'approve' &&
      previous?.kind === 'act' &&
      previous.act.kind === 'approve' &&
      previous === this.lastAct &&
      act.quantity.mode === 'sequence'
    ) {
      previous.act.parties.push(...act.parties);
      return;
    }
    list.push(node);
    this.lastAct = node;
    if (act.kind === 'work' && act.form) this.forms.push(...act.form);
  }

  /**
   * The parties a clause of names alone says ("then the department head", "the branch manager,
   * the regional credit manager"), read as if they approved; undefined when it says more.
   */
  private namedOnly(span: SourceSpan): Extract<Act, { kind: 'approve' }> | undefined {
    const own = this.read(span);
    // A verb no class knows ("the procurement team places the order") says more than names.
    if (own.ok || own.code === 'unknown-verb') return undefined;
    // So does a second noun phrase that no comma, "and" or preposition joins to the first ("the
    // auditor zorbles the gadget", its verb taken for a noun).
    const tokens = tokensOf(this.source, span.start, span.end);
    const joined = (i: number) =>
      ['PUNCT', 'CONJ', 'ADP', 'ADV'].includes(tokens[i - 1]?.pos ?? 'PUNCT');
    if (tokens.some((t, i) => t.pos === 'DET' && !joined(i))) return undefined;
    const text = this.source.slice(span.start, span.end);
    const probe = readClause(
      `${text} approves`,
      { start: 0, end: text.length + 9 },
      { requester: { has: (n) => this.submitters.has(n) }, pronoun: [], afterRejection: false },
    );
    const act = probe.ok ? probe.frame.acts[0] : undefined;
    return act?.kind === 'approve' ? act : undefined;
  }

  /** "then the finance business partner": the act before, by other parties. */
  private elliptical(span: SourceSpan): boolean {
    if (this.pending) {
      const pending = this.pending;
      const act = this.namedOnly(span);
      if (act && act.parties.length > 0) {
        this.pending = undefined;
        const quantity =
          pending.sequence && act.parties.length > 1 ? { mode: 'sequence' as const } : act.quantity;
        this.push(
          pending.into,
          { kind: 'approve', parties: act.parties, quantity },
          pending.span,
          {},
        );
        this.started = true;
        return true;
      }
    }
    const previous = this.lastAct;
    if (previous?.act.kind === 'work') return this.ellipticalWork(span, previous);
    if (previous?.act.kind === 'handoff') return this.ellipticalHandoff(span, previous);
    if (!previous || previous.act.kind !== 'approve') return false;
    // "goes to your manager first and then to the security team for approval, and …": the
    // next approver, named after "to".
    const said = this.source.slice(span.start, span.end);
    // A sentence of its own that only names someone ("The frobnicator.") is no approver without
    // a word carrying the approval on ("Then the CEO."): it is reported, not guessed.
    const between = this.source.slice(previous.span.end, span.start);
    const carried = CARRIED_ON.test(said) || CARRIED_ON.test(between.replace(/^[\s.!?;:,]+/, ''));
    if (/[.!?\n]/.test(between) && !carried) return false;
    const to = /^to\s+(.+?)(?:\s+for\s+(?:approval|sign-?off|a decision)|,|$)/i.exec(said);
    const named = to?.[1] ? this.trimmed(span.start + 3, span.start + 3 + to[1].length) : span;
    const act = this.namedOnly(named);
    if (!act) return false;
    if (to && named.end < span.end) {
      const rest = this.trimmed(named.end, span.end);
      const tail = lower(this.source.slice(rest.start, rest.end)).replace(/^for\s+\S+\s*/, '');
      if (tail) this.plain(this.trimmed(span.end - tail.length, span.end));
    }
    previous.act.parties.push(...act.parties);
    if (previous.act.quantity.mode === 'any' || previous.act.quantity.mode === 'all') {
      previous.act = { ...previous.act, quantity: { mode: 'sequence' } };
    }
    return true;
  }

  /**
   * The act with how its team hands the work out, when its clause says so ("the support team,
   * round-robin", "to the support team, to the least busy member"); a warning when the work
   * goes to no team, so that the words are not dropped unsaid.
   */
  private handedOut(act: Act, span: SourceSpan): Act {
    const said = this.source.slice(span.start, span.end);
    for (const [pattern, strategy] of ASSIGNMENT_WORDS) {
      const match = pattern.exec(said);
      if (!match) continue;
      if (act.kind === 'handoff' && act.party.type === 'team') {
        return { ...act, party: { ...act.party, assignment: strategy } };
      }
      if (act.kind === 'work' && act.party.type === 'team') {
        // The words say who gets the work, not what it is: "Fixes it, round-robin" → "Fixes it".
        const title = act.title
          .replace(pattern, '')
          .replace(/[\s,;:-]*(?:assigned)?[\s,;:-]*$/i, '');
        return {
          ...act,
          title: title || act.title,
          party: { ...act.party, assignment: strategy },
        };
      }
      const start = span.start + match.index;
      this.ctx.warn(
        'assignment-without-team',
        `"${match[0]}": only a team's tasks and hand-offs are handed out this way; this step goes to its party as it is`,
        { start, end: start + match[0].length },
      );
      return act;
    }
    return act;
  }

  /** An approval whose approvers were not named in its clause, waiting for the next one. */
  private pending:
    | {
        span: SourceSpan;
        sequence: boolean;
        into: FlowNode[];
        reading: Extract<ClauseReading, { ok: false }>;
      }
    | undefined;

  /** Reports an approval still waiting for its approvers when its sentence ends. */
  flushPending(): void {
    if (this.pending) this.report(this.pending.reading);
    this.pending = undefined;
  }

  /** "then the dean": the work before, by another party, as one more step. */
  private ellipticalWork(span: SourceSpan, previous: Extract<FlowNode, { kind: 'act' }>): boolean {
    if (previous.act.kind !== 'work') return false;
    const act = this.namedOnly(span);
    if (act?.parties.length !== 1 || !act.parties[0]) return false;
    this.push(
      this.target,
      { kind: 'work', party: act.parties[0], title: previous.act.title },
      span,
      {},
    );
    return true;
  }

  /**
   * "route it to the EMEA team, else to the SDR team, each with a day to accept": the hand-off
   * before, to someone else; "each" gives its limits to both.
   */
  private ellipticalHandoff(
    span: SourceSpan,
    previous: Extract<FlowNode, { kind: 'act' }>,
  ): boolean {
    const text = this.source.slice(span.start, span.end);
    if (!/^to\s/i.test(text)) return false;
    const probe = readClause(
      `Hand it ${text}`,
      { start: 0, end: text.length + 8 },
      { requester: { has: (n) => this.submitters.has(n) }, pronoun: [], afterRejection: false },
    );
    const act = probe.ok ? probe.frame.acts[0] : undefined;
    if (!probe.ok || act?.kind !== 'handoff' || probe.frame.acts.length !== 1) return false;
    const limits = probe.frame.limits;
    this.push(this.target, act, span, limits);
    if (/,\s*each\b/i.test(text)) {
      previous.limits.within ??= limits.within;
      previous.limits.then ??= limits.then;
    }
    return true;
  }

  /** Says what a reading assumed, and which of its words it could not place. */
  private note(reading: Extract<ClauseReading, { ok: true }>): void {
    for (const warning of reading.warnings)
      this.ctx.warn(warning.code, warning.message, warning.span);
    if (reading.unread) {
      this.ctx.error(
        'unread-words',
        'These words name another step that was not read',
        reading.unread,
      );
    }
    for (const { name, party } of reading.aliases) this.learned.set(nounKey(name), party);
    for (const { party, span: at } of reading.assumed) {
      this.learned.set(nounKey(this.source.slice(at.start, at.end)), party);
      const name =
        party.type === 'role'
          ? `role ${party.role}`
          : party.type === 'team'
            ? `team ${party.team}`
            : party.type;
      this.ctx.warn(
        'assumed-party',
        `Read "${this.source.slice(at.start, at.end)}" as the ${name}`,
        at,
      );
    }
  }

  /** A condition the subject carries: "claims of $200 or more need …". */
  private restrictive(span: SourceSpan, acts: readonly Act[]): string | undefined {
    if (acts.length === 0) return undefined;
    const text = lower(this.source.slice(span.start, span.end));
    const subject =
      /^(.+?)\s+(?:need|needs|require|requires|go|goes|must|have to|has to|should|are|is|get|gets|can|may|will)\b/.exec(
        text,
      )?.[1];
    // "claims over $200", "withdrawals by financial aid students": a subject that picks out
    // some items by a number or by a yes/no field's words.
    const words = new Set(subject?.split(/[^a-z0-9]+/));
    const flagged = this.fields().some(
      (f) => f.type === 'boolean' && f.name.split('_').every((w) => words.has(w)),
    );
    // "Premium tickets get …": one option of a choice field picks out the items with it.
    const picked = this.fields().flatMap((f) =>
      f.type === 'choice'
        ? f.options.filter((o) => words.has(o.toLowerCase())).map((o) => ({ field: f.name, o }))
        : [],
    );
    if (subject && picked.length === 1 && picked[0]) {
      const condition = `${picked[0].field} == ${JSON.stringify(picked[0].o)}`;
      this.declare(condition, span);
      return condition;
    }
    const compared = /\d|\bover\b|\babove\b|\bbelow\b|\bmore than\b|\bunder\b|\bless than\b/;
    if (!subject || !(compared.test(subject) || flagged)) return undefined;
    const condition = readConditionPhrase(subject, this.fields());
    if (condition) this.declare(condition, span);
    else if (
      /\b(?:over|above|below|under|more than|less than|fewer than)\s+[$€£]?\d/.test(subject)
    ) {
      // "Loads over 40,000 lbs on a long trip need …": a number picks items out; which, is unread.
      this.ctx.error(
        'unrecognized-condition',
        `"${subject}" picks out some items, but which ones was not understood; the step would apply to all`,
        { start: span.start, end: span.start + subject.length },
      );
    }
    return condition;
  }

  /** Gives the last act of every branch of the open parallel the limits it has not got. */
  private limitEachBranch(limits: Limits): boolean {
    if (!this.parallel || this.parallel.branches.length < 2) return false;
    for (const branch of this.parallel.branches) {
      const last = branch.at(-1);
      if (last?.kind !== 'act') continue;
      last.limits.within ??= limits.within;
      last.limits.remindEvery ??= limits.remindEvery;
      last.limits.then ??= limits.then;
    }
    return true;
  }

  /** A clause of limits only: they belong to the act before. */
  private attach(limits: Limits, span: SourceSpan): boolean {
    const act = this.lastAct;
    if (!act || (!limits.within && !limits.remindEvery && !limits.then)) {
      this.ctx.error('unattached-limit', 'This time limit belongs to no step before it', span);
      return false;
    }
    // "…, at the same time, each within 8 hours": the limit of every branch's act.
    const each = /^(?:each|both|all|every one)\b/.test(
      lower(this.source.slice(span.start, span.end)),
    );
    if (each && this.limitEachBranch(limits)) return true;
    const before = JSON.stringify(act.limits);
    if (limits.within) act.limits.within ??= limits.within;
    if (limits.remindEvery) act.limits.remindEvery ??= limits.remindEvery;
    if (limits.then) act.limits.then ??= limits.then;
    if (JSON.stringify(act.limits) === before) {
      this.ctx.warn('ignored-sentence', 'This says again what the step before already has', span);
    }
    return true;
  }

  /** "Otherwise …": the else branch of the last condition, or what happens when a limit passes. */
  private otherwise(span: SourceSpan, bySubject: boolean, whole: SourceSpan = span): boolean {
    const last = this.lastIf;
    const said = lower(this.source.slice(span.start, span.end));
    const nested = CONDITION_LEAD.exec(said);
    if (last && !last.else && (said === '' || nested)) {
      // "Otherwise: if the region is EMEA, …": an else holding a condition of its own.
      this.openElse(last, false);
      if (!nested) return true;
      if (this.conditional(span, nested[0].length)) return true;
      this.dropElse(last);
    }
    const previous = this.lastAct;
    if (last && !last.else && /^to\s/.test(said) && previous?.act.kind === 'handoff') {
      // "…, else to the SDR team": the hand-off before, to someone else.
      this.openElse(last);
      if (this.ellipticalHandoff(span, previous)) return true;
      this.dropElse(last);
    }
    const reading = this.read(span);
    // "If they're still employed, payroll pays …; if not, …": the other way of that condition,
    // not what happens when the act before runs out of time.
    const ifNot =
      /\bif not[\s,]*$/i.test(this.source.slice(Math.max(0, span.start - 10), span.start)) &&
      last !== undefined &&
      !last.else &&
      last.condition !== 'timed_out';
    if (!bySubject && !ifNot && reading.ok && this.consequence(reading.frame.acts)) return true;
    const explained = /^\s*:/.test(this.source.slice(span.end, span.end + 3));
    if (bySubject && !reading.ok && last && !last.else && explained) {
      // "Everything else is confirmed straight away: set the status …": the else opens here.
      this.openElse(last);
      return true;
    }
    if (reading.ok && reading.frame.acts.length === 0) {
      this.note(reading);
      return this.attach(reading.frame.limits, span);
    }
    if (
      last &&
      !last.else &&
      (bySubject ||
        this.levelOf(last) === this.target ||
        this.openIf === last ||
        this.levelOf(last) !== undefined)
    ) {
      const level = this.levelOf(last) ?? this.nodes;
      const branch = this.openElse(last);
      const ok = this.plain(span, branch, last.condition === 'approved');
      if (branch.length === 0) delete last.else;
      this.target = ok ? this.target : level;
      return true;
    }
    if (reading.ok && this.lastAct && reading.frame.limits.then)
      return this.attach(reading.frame.limits, span);
    if (bySubject && (!last || last.else)) {
      // "Everything else goes to the backlog" with no condition read before it: what the other
      // case is cannot be known, and its act is not made one that always runs.
      this.ctx.error(
        'else-without-condition',
        'This is what happens in the other case, but no condition was read before it; say the condition ("if the bug is critical, …")',
        whole,
      );
      return true;
    }
    return false;
  }

  /**
   * Opens the else of `node` as where clauses go now; `open` false when a condition of its own
   * comes next ("Otherwise: if …"), whose branch then nests in this else.
   */
  private openElse(node: Extract<FlowNode, { kind: 'if' }>, open = true): FlowNode[] {
    const branch: FlowNode[] = [];
    node.else = branch;
    this.target = branch;
    this.openIf = open ? node : undefined;
    return branch;
  }

  /** Takes back an else opened for words that could not be read into it. */
  private dropElse(node: Extract<FlowNode, { kind: 'if' }>): void {
    delete node.else;
    this.target = this.levelOf(node) ?? this.nodes;
  }

  /** "If <condition>, <rest>": a branch (the rest may go on in the sentence's next clauses). */
  private conditional(span: SourceSpan, lead: number): boolean {
    const text = this.source.slice(span.start, span.end);
    // "If it doesn't come, … If it does, …": the other way of the condition before.
    const affirmed =
      /^if (?:it|they|so)(?: (?:does|do|did|has|have|is|are|was|were))?\s*,\s*/i.exec(text);
    const negated = this.lastIf;
    if (affirmed && negated && !negated.else && negated.condition === 'timed_out') {
      const branch = this.openElse(negated);
      this.plain(this.trimmed(span.start + affirmed[0].length, span.end), branch);
      return true;
    }
    for (const at of conditionalSplit(text)) {
      if (at <= lead) continue;
      const conditionText = text.slice(0, at);
      // A condition does not end on "the", "is", "over" …: no need to try it there.
      if (OPEN_END.test(conditionText)) continue;
      const rest = this.trimmed(span.start + at + 1, span.end);
      const explicit =
        this.answer(conditionText) ?? readConditionPhrase(conditionText, this.fields());
      if (explicit && !explicit.startsWith('status')) {
        if (rest.end > rest.start && !this.read(rest).ok) continue;
        return this.branch(explicit, span, rest, false);
      }
      const outcome = outcomeOf(conditionText);
      const last = this.lastAct;
      // "must approve unanimously; if they don't, cancel": not approving is rejecting.
      if (
        isTimeoutCondition(conditionText) &&
        last?.act.kind === 'approve' &&
        !last.limits.within &&
        findDurations(lower(text)).length === 0
      ) {
        return this.branch('rejected', span, rest, true);
      }
      if (isTimeoutCondition(conditionText) && this.lastAct) {
        // "if they don't accept within 2 days, …": the limit itself may stand in the condition.
        const within =
          findLimits(conditionText).limits.within ?? findDurations(lower(conditionText))[0]?.value;
        const reading = this.read(rest);
        const reminder =
          readLimitAction(this.source.slice(rest.start, rest.end), [], rest.start)?.action.type ===
          'remind';
        // "if they have not answered after a day, send a reminder": the reminder's interval.
        if (within && reminder) {
          this.lastAct.limits.remindEvery ??= within;
          return true;
        }
        if (within) this.lastAct.limits.within ??= within;
        if (reading.ok && reading.frame.acts.length === 0 && reading.frame.limits.then)
          return this.attach(reading.frame.limits, span);
        if (reading.ok && this.consequence(reading.frame.acts)) return true;
        const action = readLimitAction(this.source.slice(rest.start, rest.end), [], rest.start);
        if (action && action.action.type !== 'escalate' && action.action.type !== 'reassign') {
          return this.attach({ then: action.action }, span);
        }
        if (reading.ok && this.lastAct.act.kind !== 'event') {
          const single = reading.frame.acts.length === 1 ? reading.frame.acts[0] : undefined;
          if (single?.kind === 'end' && single.status === 'cancelled')
            return this.attach({ then: { type: 'cancel' } }, span);
        }
        return this.branch('timed_out', span, rest, false);
      }
      const condition = outcome ?? explicit;
      if (!condition) continue;
      if (rest.end <= rest.start)
        return this.branch(condition, span, rest, condition === 'rejected');
      const probe = this.read(rest, condition === 'rejected');
      if (!probe.ok) continue;
      return this.branch(condition, span, rest, condition === 'rejected');
    }
    return false;
  }

  private branch(
    condition: string,
    span: SourceSpan,
    rest: SourceSpan,
    afterRejection: boolean,
  ): boolean {
    this.declare(condition, span);
    if (
      (condition === 'rejected' || condition === 'approved') &&
      (this.looseHandoff() || !this.decided()) &&
      !this.reviewAsApproval(span)
    ) {
      this.ctx.error(
        'no-decision',
        `Nothing before this can be ${condition}: no approval or handoff was found`,
        span,
      );
      return true;
    }
    if (condition === 'rejected') this.rejectionHandled = true;
    const node: Extract<FlowNode, { kind: 'if' }> = { kind: 'if', condition, span, then: [] };
    // A rejection branch in the same sentence as a conditional approval belongs inside it.
    const into =
      condition === 'rejected' && this.openIf
        ? this.target
        : (this.levelOf(this.openIf ?? node) ?? this.target);
    into.push(node);
    this.openIf = node;
    this.lastIf = node;
    this.target = node.then;
    if (rest.end > rest.start) this.plain(rest, node.then, afterRejection);
    return true;
  }

  /** Intake fields and the answers tasks record so far, for conditions. */
  private fields(): IntakeField[] {
    return [...this.ctx.fields, ...this.forms];
  }

  /** "If yes, …" / "if not, …" after a task that records a yes/no answer. */
  private answer(text: string): string | undefined {
    const last = this.forms.at(-1);
    const match = /^(?:if|when)\s+(yes|so|no|not)$/.exec(lower(text).trim());
    if (!last || !match) return undefined;
    return `${last.name} == ${match[1] === 'yes' || match[1] === 'so' ? 'true' : 'false'}`;
  }

  /** Where the trigger clause of "When …, …" ends: the first comma outside parentheses after its list. */
  private afterTrigger(
    start: number,
    end: number,
    intake: ReturnType<typeof readIntake>,
  ): { comma: number } | undefined {
    const text = this.source.slice(start, end);
    // After the field list, when there is one: its commas are the list's own.
    const from = intake?.list?.end ?? 0;
    const after = text.slice(from).search(/,(?!\d)/);
    if (intake?.list && after >= 0) return { comma: start + from + after };
    // "When a gift is recorded we get A, B and C": the list ends the clause; no step follows.
    if (intake?.list && from >= text.trimEnd().length) return undefined;
    // "Once an application is received (email, amount) the processor …": the brackets end it.
    const closing = /^\s*\)/.exec(text.slice(from));
    if (intake?.list && closing) return { comma: start + from + closing[0].length - 1 };
    for (const { index: i } of maskParentheses(text).matchAll(/,(?!\d)/g)) {
      // A comma inside the field list ("with A, B and C, the manager …") is not the end yet.
      const rest = text.slice(i + 1);
      const listGoesOn =
        /^\s*(?:and\s+)?(?:an?|the|their|its)?\s*[\w-]+(?:\s+[\w-]+){0,3}\s*(?:,|\band\b)/.test(
          rest,
        ) && /\b(?:with|including|giving|providing|:)\b/.test(text.slice(0, i));
      if (!listGoesOn) return { comma: start + i };
    }
    return undefined;
  }

  /**
   * What happens when the act before runs out of time, said as an act: "otherwise they are
   * rejected", "or it goes to the COO". Attached as the limit's action when the act has a limit.
   */
  private consequence(acts: readonly Act[]): boolean {
    const last = this.lastAct;
    const act = acts.length === 1 ? acts[0] : undefined;
    // A wait for an event has no action of its own: its timeout is a branch.
    if (!last || !act || !last.limits.within || last.limits.then || last.act.kind === 'event')
      return false;
    const then =
      act.kind === 'handoff'
        ? ({ type: 'escalate', to: act.party } as const)
        : act.kind === 'end' && act.status === 'rejected' && last.act.kind === 'approve'
          ? ({ type: 'reject' } as const)
          : act.kind === 'end' && act.status === 'cancelled'
            ? ({ type: 'cancel' } as const)
            : act.kind === 'approve' && act.parties.length === 0
              ? ({ type: 'approve' } as const)
              : act.kind === 'approve' && act.parties.length === 1 && act.parties[0]
                ? ({ type: 'escalate', to: act.parties[0] } as const)
                : undefined;
    if (!then) return false;
    last.limits.then = then;
    return true;
  }

  /**
   * Who submits, kept for "tell the applicant" later: people ("the student", "the
   * subcontractor"), not a team that enters requests for others ("medical staffing enters …").
   */
  private addSubmitters(nouns: readonly string[]): void {
    for (const noun of nouns) {
      const known = readParty(noun);
      const group =
        known.kind === 'party' ? known.party.type === 'team' : subjectParty(noun)?.type === 'team';
      if (!group) this.submitters.add(noun);
    }
  }

  /** Whether an approval or handoff came before: only then has the flow an outcome to test. */
  private decided(list: readonly FlowNode[] = this.nodes): boolean {
    return list.some((node) =>
      node.kind === 'act'
        ? node.act.kind === 'approve' || node.act.kind === 'handoff'
        : node.kind === 'if'
          ? this.decided(node.then) || this.decided(node.else ?? [])
          : node.kind === 'parallel'
            ? node.branches.some((b) => this.decided(b))
            : this.decided(node.body),
    );
  }

  /**
   * "Requests over $5,000 …" with no money field collected: the amount is an intake field all
   * the same (the conventions name it `amount`), declared here and said so.
   */
  private declare(condition: string, span: SourceSpan): void {
    if (!/\bamount\b/.test(condition) || this.fields().some((f) => f.name === 'amount')) return;
    this.ctx.addFields([{ name: 'amount', type: 'money' }]);
    this.trigger ??= { type: 'request' };
    this.ctx.warn(
      'assumed-field',
      'No field holds this amount; an "amount" field was added to the intake',
      span,
    );
  }

  /** Whether the act before was read from "goes to" and could be an approval. */
  private looseHandoff(): boolean {
    const act = this.lastAct?.act;
    return act?.kind === 'handoff' && act.loose === true;
  }

  /**
   * "It is reviewed by legal … If legal rejects it": a review whose rejection is tested later
   * is an approval. Turns the last work act into one, and says so.
   */
  private reviewAsApproval(span: SourceSpan): boolean {
    const act = this.lastAct;
    if (act?.act.kind === 'handoff' && act.act.loose) {
      // "Requests go to the manager. If they approve …": going to someone was for approval.
      act.act = { kind: 'approve', parties: [act.act.party], quantity: { mode: 'any' } };
      return true;
    }
    if (!act || act.act.kind !== 'work') return false;
    const title = act.act.title;
    const list = this.levelOf(act) ?? this.nodes;
    // "reviewed by A, then B, then C": the same review in a row is one approval in sequence.
    let first = list.indexOf(act);
    while (first > 0) {
      const before = list[first - 1];
      if (before?.kind !== 'act' || before.act.kind !== 'work' || before.act.title !== title) break;
      first--;
    }
    const run = list
      .slice(first, list.indexOf(act) + 1)
      .filter((node): node is Extract<FlowNode, { kind: 'act' }> => node.kind === 'act');
    const parties = run.flatMap((node) => (node.act.kind === 'work' ? [node.act.party] : []));
    const head = run[0] ?? act;
    head.act = {
      kind: 'approve',
      parties,
      quantity: { mode: parties.length > 1 ? 'sequence' : 'any' },
    };
    list.splice(first + 1, run.length - 1);
    this.lastAct = head;
    this.ctx.warn(
      'assumed-approval',
      'Read the review before as an approval, since its rejection is tested here',
      span,
    );
    return true;
  }

  private trimmed(start: number, end: number): SourceSpan {
    let from = start;
    while (from < end && /\s/.test(this.source[from] ?? '')) from++;
    return { start: from, end };
  }

  /** "Once approved, …" / "once fixed, …": an outcome branch, or simply what comes next. */
  private once(span: SourceSpan, lead: number): boolean {
    const text = this.source.slice(span.start, span.end);
    const comma = text.indexOf(',', lead);
    if (comma < 0) return false;
    const rest = this.trimmed(span.start + comma + 1, span.end);
    const outcome = outcomeOf(text.slice(0, comma));
    // "after 3 days, escalate to the director": a limit on the act before.
    const after = findDurations(lower(text.slice(0, comma)))[0];
    if (after && this.lastAct) {
      const reading = this.read(rest);
      if (reading.ok && reading.frame.acts.length === 0 && reading.frame.limits.then) {
        return this.attach({ ...reading.frame.limits, within: after.value }, span);
      }
    }
    this.close();
    if (outcome === 'approved' && !this.rejectionHandled && this.decided()) {
      return this.branch('approved', span, rest, false);
    }
    return this.plain(rest);
  }
}

/** Reads the sentences of `source` into a trigger and the flow's shape; intake fields go to `ctx`. */
export function readFlow(source: string, ctx: CompileContext): FlowReading {
  const discourse = new Discourse(source, ctx);
  discourse.run();
  return { trigger: discourse.trigger, nodes: discourse.nodes, rebalance: discourse.rebalance };
}
