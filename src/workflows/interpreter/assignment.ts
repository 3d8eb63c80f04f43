import { ApplicationFailure, patched } from '@temporalio/workflow';
import { parseParty, type ApprovalMode, type Party } from '../../dsl';
import type { FlowRun, WaitingStep } from './flow-run';
import { WATCHER_ACTOR, type Acting, type ClaimRequest, type ReassignRequest } from './messages';
import { mayActFor, personToken } from './parties';
import { activities, summarized } from './work-store';

/** Who must act on a step: a party token, and for a group the directory knows, its members. */
export interface Assigned {
  token: string;
  /** The group's members (emails) when the step opened; undefined: the token behaviour. */
  members?: string[];
}

/**
 * Resolves a party when a step opens. A role or team is looked up in the directory (an
 * activity keyed by `idempotencyKey`); a team with `round_robin` / `least_loaded` becomes the
 * member picked for it. Runs started before the directory existed skip the lookup.
 */
export async function assignParty(
  run: FlowRun,
  party: Party,
  idempotencyKey: string,
  stepId: string,
): Promise<Assigned> {
  const token = run.token(party);
  if (party.type !== 'team' && party.type !== 'role') return { token };
  if (!patched('team-assignment')) return { token };
  const strategy = party.type === 'team' ? (party.assignment ?? 'direct') : 'direct';
  const { members, assignee } = await summarized(
    activities.resolveGroup,
    `${strategy === 'direct' ? 'members of' : strategy} ${token}`,
  )({
    workItemId: run.workItemId,
    idempotencyKey,
    stepPath: stepId,
    kind: party.type,
    name: party.type === 'team' ? party.team : party.role,
    strategy,
  });
  if (assignee !== null) return { token: personToken(assignee) };
  return members !== null && members.length > 0 ? { token, members } : { token };
}

/**
 * Resolves the party a time limit escalates or reassigns to, exactly like a step opening
 * (`assignParty`, keyed `<key>:assign`). Runs recorded before `escalation-assignment` take the
 * party's bare token, as they did then.
 */
export async function escalationParty(
  run: FlowRun,
  party: Party,
  key: string,
  stepId: string,
): Promise<Assigned> {
  if (!patched('escalation-assignment')) return { token: run.token(party) };
  return assignParty(run, party, `${key}:assign`, stepId);
}

/** Why a reassignment target is refused: not a party token, or already `current`. */
export function reassignTargetProblem(
  run: FlowRun,
  request: ReassignRequest,
  current: readonly string[],
): string | undefined {
  const party = typeof request.to === 'string' ? parseParty(request.to) : undefined;
  if (!party) {
    return 'to must be a party token such as person:ann@example.com, role:cfo or team:it-ops';
  }
  if (current.includes(run.token(party))) return `${request.to} already has ${request.stepId}`;
  if (
    request.comment !== undefined &&
    (typeof request.comment !== 'string' || request.comment.length > 5000)
  ) {
    return 'comment must be text of at most 5000 characters';
  }
  return undefined;
}

/**
 * The one party a task or handoff waits on, with the claim and reassign rules both share:
 * a team queue (a team with members) is claimed by one member; whoever may act can hand it on.
 */
export class StepAssignee {
  private reassignments = 0;

  private constructor(
    private readonly run: FlowRun,
    private readonly stepId: string,
    private readonly key: string,
    public token: string,
    public members: string[] | undefined,
  ) {}

  /** Resolves the step's party (see `assignParty`). */
  static async open(run: FlowRun, party: Party, key: string, stepId: string) {
    const { token, members } = await assignParty(run, party, `${key}:assign`, stepId);
    return new StepAssignee(run, stepId, key, token, members);
  }

  /** Whether `acting` may act on the step now. */
  mayAct(acting: Acting): boolean {
    return mayActFor(acting, this.token, this.members);
  }

  /** Hands the step to a party token as it is, without a directory lookup (a member's claim). */
  set(token: string): void {
    this.token = token;
    this.members = undefined;
  }

  /**
   * Hands the step to `party` for a time limit's (or the flow deadline's) escalate or reassign:
   * resolved like a new step (see `escalationParty`), keyed by `key`.
   */
  async handTo(party: Party, key: string): Promise<void> {
    const assigned = await escalationParty(this.run, party, key, this.stepId);
    this.token = assigned.token;
    this.members = assigned.members;
  }

  /** Whether the step is a team queue its members claim from. */
  get isQueue(): boolean {
    return this.members !== undefined;
  }

  /**
   * The `claim` and `reassign` updates of the step's task `taskId` while `waiting()`; `dueAt`
   * is its time limit now, and `show` republishes who must act.
   */
  updates(
    taskId: string,
    dueAt: () => string | undefined,
    waiting: () => boolean,
    show: () => void,
  ): WaitingStep {
    const notWaiting = `step ${this.stepId} is not waiting any more`;
    const claimProblem = (request: ClaimRequest) =>
      waiting() ? this.claimProblem(request) : notWaiting;
    const reassignProblem = (request: ReassignRequest) =>
      waiting() ? this.reassignProblem(request) : notWaiting;
    return {
      validateClaim: throwing(claimProblem),
      claim: async (request) => {
        const problem = claimProblem(request);
        if (problem) throw ApplicationFailure.nonRetryable(problem, 'NotWaiting');
        const claiming = this.claim(request.actor, taskId, dueAt());
        show();
        await claiming;
      },
      validateReassign: throwing(reassignProblem),
      reassign: async (request) => {
        const problem = reassignProblem(request);
        if (problem) throw ApplicationFailure.nonRetryable(problem, 'NotWaiting');
        await this.reassign(request, taskId, dueAt(), waiting);
        show();
      },
    };
  }

  /** Why `request` may not claim the step, if it may not. */
  claimProblem(request: ClaimRequest): string | undefined {
    if (this.members === undefined) {
      return `step ${this.stepId} is not a team queue to claim from: it is assigned to ${this.token}`;
    }
    if (!this.members.includes(request.actor)) {
      return `${request.actor} may not claim ${this.stepId}: not a member of ${this.token}`;
    }
    return undefined;
  }

  /** The member `actor` takes the step (`task.claimed`); only they may complete it now. */
  async claim(actor: string, taskId: string, dueAt: string | undefined): Promise<void> {
    this.set(personToken(actor));
    await summarized(
      activities.reassignTask,
      `${this.stepId} claimed by ${actor}`,
    )({
      workItemId: this.run.workItemId,
      taskId,
      idempotencyKey: `${this.key}:claimed`,
      to: this.token,
      reason: 'claim',
      actor,
      dueAt,
    });
  }

  /** Why `request` may not reassign the step, if it may not: the holder may, and the watcher. */
  reassignProblem(request: ReassignRequest): string | undefined {
    if (!this.mayAct(request) && request.actor !== WATCHER_ACTOR) {
      return `${request.actor} may not reassign ${this.stepId}: it is assigned to ${this.token}`;
    }
    return reassignTargetProblem(this.run, request, [this.token]);
  }

  /**
   * Hands the step to the party `request.to` (looked up in the directory like a new step), with
   * a `task.reassigned` event by the actor; `dueAt` (the time limit) stays as it was.
   */
  async reassign(
    request: ReassignRequest,
    taskId: string,
    dueAt: string | undefined,
    stillWaiting: () => boolean,
  ): Promise<void> {
    this.reassignments += 1;
    const key = `${this.key}:reassign#${this.reassignments}`;
    const assigned = await assignParty(
      this.run,
      parseParty(request.to) ?? { type: 'person', email: request.to },
      `${key}:assign`,
      this.stepId,
    );
    if (!stillWaiting()) {
      throw ApplicationFailure.nonRetryable(
        `step ${this.stepId} is not waiting any more`,
        'NotWaiting',
      );
    }
    this.token = assigned.token;
    this.members = assigned.members;
    await summarized(
      activities.reassignTask,
      `${this.stepId} reassigned to ${this.token} by ${request.actor}`,
    )({
      workItemId: this.run.workItemId,
      taskId,
      idempotencyKey: key,
      to: this.token,
      reason: 'reassign',
      actor: request.actor,
      comment: request.comment,
      dueAt,
    });
  }
}

/** A validator from a function that says why a request is refused (undefined: accepted). */
export function throwing<T>(problem: (request: T) => string | undefined): (request: T) => void {
  return (request) => {
    const found = problem(request);
    if (found) throw new Error(found);
  };
}

/**
 * The approver slots of an approval: one per approver, except that for `quorum` and `all` a
 * group the directory knows counts as its members (one `person:` slot each, no one twice).
 * The members of groups that stay one slot are noted in `members`, by token.
 */
export function approverSlots(
  mode: ApprovalMode,
  approvers: readonly Assigned[],
  members: Map<string, string[]>,
): string[] {
  const tokens: string[] = [];
  for (const approver of approvers) {
    if (approver.members && (mode === 'quorum' || mode === 'all')) {
      const people = approver.members.map((email) => personToken(email));
      tokens.push(...people.filter((token) => !tokens.includes(token)));
      continue;
    }
    if (approver.members) members.set(approver.token, approver.members);
    tokens.push(approver.token);
  }
  return tokens;
}
