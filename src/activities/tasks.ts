import type { PrismaClient } from '../db/prisma';
import type { Prisma } from '../generated/prisma/client';
import { appendAuditEvent, auditedAlready, SYSTEM_ACTOR } from './audit';
import type { Clock } from './clock';
import { jsonObject } from './json-object';

type Deps = { prisma: PrismaClient; clock: Clock };

/** A task or an approval request to open for one party. */
export interface OpenTaskInput {
  workItemId: string;
  /** Derived from workflow id, step id and iteration: a retry returns the same row. */
  idempotencyKey: string;
  kind: 'task' | 'approval' | 'handoff';
  stepPath: string;
  title: string;
  assignee: string;
  /** ISO instant. */
  dueAt?: string;
}

/** Opens a task row with its `task.opened` / `approval.requested` event; idempotent by key. */
export function openTaskActivity(deps: Deps) {
  return async function openTask(input: OpenTaskInput): Promise<{ taskId: string }> {
    return deps.prisma.$transaction(async (tx) => {
      const existing = await tx.task.findUnique({
        where: { idempotencyKey: input.idempotencyKey },
        select: { id: true },
      });
      if (existing) return { taskId: existing.id };
      const at = deps.clock.now();
      const task = await tx.task.create({
        data: {
          workItemId: input.workItemId,
          kind: input.kind,
          stepPath: input.stepPath,
          title: input.title,
          assignee: input.assignee,
          dueAt: input.dueAt === undefined ? null : new Date(input.dueAt),
          idempotencyKey: input.idempotencyKey,
          createdAt: at,
        },
      });
      await appendAuditEvent(tx, {
        workItemId: input.workItemId,
        action: OPENED[input.kind],
        actor: SYSTEM_ACTOR,
        data: {
          taskId: task.id,
          step: input.stepPath,
          title: input.title,
          assignee: input.assignee,
          dueAt: input.dueAt ?? null,
        },
        idempotencyKey: input.idempotencyKey,
        at,
      });
      return { taskId: task.id };
    });
  };
}

const OPENED = {
  task: 'task.opened',
  approval: 'approval.requested',
  handoff: 'handoff.requested',
} as const;

/** A person finishing a task, deciding an approval, or accepting or declining a handoff. */
export interface CompleteTaskInput {
  workItemId: string;
  taskId: string;
  idempotencyKey: string;
  actor: string;
  decision?: 'approved' | 'rejected';
  comment?: string;
  /** Form values merged into the work item's fields. */
  fields?: Prisma.InputJsonObject;
  /** The work item's new holder (an accepted handoff). */
  holder?: string;
}

/** Marks a task done (or an approval decided) with its audit event; idempotent by key. */
export function completeTaskActivity(deps: Deps) {
  return async function completeTask(input: CompleteTaskInput): Promise<void> {
    await deps.prisma.$transaction(async (tx) => {
      if (await auditedAlready(tx, input.idempotencyKey)) return;
      const at = deps.clock.now();
      const task = await tx.task.update({
        where: { id: input.taskId },
        data: {
          status: 'done',
          decision: input.decision ?? null,
          comment: input.comment ?? null,
          decidedBy: input.actor,
          completedAt: at,
        },
      });
      if (input.fields && Object.keys(input.fields).length > 0) {
        const item = await tx.workItem.findUniqueOrThrow({ where: { id: input.workItemId } });
        await tx.workItem.update({
          where: { id: input.workItemId },
          data: { fields: { ...jsonObject(item.fields), ...input.fields }, updatedAt: at },
        });
      }
      if (input.holder !== undefined) {
        await tx.workItem.update({
          where: { id: input.workItemId },
          data: { holder: input.holder, updatedAt: at },
        });
      }
      await appendAuditEvent(tx, {
        workItemId: input.workItemId,
        action: completedAction(task.kind, input.decision),
        actor: input.actor,
        data: {
          taskId: task.id,
          step: task.stepPath,
          decision: input.decision ?? null,
          comment: input.comment ?? null,
          fields: input.fields ?? {},
        },
        idempotencyKey: input.idempotencyKey,
        at,
      });
    });
  };
}

/** Hands an open task to another party (escalation, reassignment, delegation or a claim). */
export interface ReassignTaskInput {
  workItemId: string;
  taskId: string;
  idempotencyKey: string;
  to: string;
  reason: keyof typeof REASSIGNED;
  dueAt?: string;
  /** Who handed it on; default Plainflow (a time limit). */
  actor?: string;
  comment?: string;
}

const REASSIGNED = {
  escalate: 'task.escalated',
  reassign: 'task.reassigned',
  delegate: 'approval.delegated',
  claim: 'task.claimed',
} as const;

/** Moves a task to another assignee with its `task.escalated` / `task.reassigned` / … event. */
export function reassignTaskActivity(deps: Deps) {
  return async function reassignTask(input: ReassignTaskInput): Promise<void> {
    await deps.prisma.$transaction(async (tx) => {
      if (await auditedAlready(tx, input.idempotencyKey)) return;
      const at = deps.clock.now();
      const before = await tx.task.findUniqueOrThrow({ where: { id: input.taskId } });
      await tx.task.update({
        where: { id: input.taskId },
        data: {
          assignee: input.to,
          dueAt: input.dueAt === undefined ? null : new Date(input.dueAt),
        },
      });
      await appendAuditEvent(tx, {
        workItemId: input.workItemId,
        action: REASSIGNED[input.reason],
        actor: input.actor ?? SYSTEM_ACTOR,
        data: {
          taskId: input.taskId,
          step: before.stepPath,
          from: before.assignee,
          to: input.to,
          ...(input.comment === undefined ? {} : { comment: input.comment }),
        },
        idempotencyKey: input.idempotencyKey,
        at,
      });
    });
  };
}

/** Closes open tasks that nobody needs to act on any more. */
export interface CloseTasksInput {
  workItemId: string;
  taskIds: string[];
  idempotencyKey: string;
  /** The tasks' new status: `skipped`, `expired`, `escalated`, `cancelled`, … */
  status: string;
  /** The audit action, e.g. `approval.timed_out`. */
  action: string;
  data?: Prisma.InputJsonObject;
}

/** Sets the status of the still-open tasks among `taskIds`, with one audit event. */
export function closeTasksActivity(deps: Deps) {
  return async function closeTasks(input: CloseTasksInput): Promise<void> {
    await deps.prisma.$transaction(async (tx) => {
      if (await auditedAlready(tx, input.idempotencyKey)) return;
      const at = deps.clock.now();
      const open = await tx.task.findMany({
        where: { id: { in: input.taskIds }, status: 'open' },
        select: { id: true },
      });
      await tx.task.updateMany({
        where: { id: { in: open.map((t) => t.id) } },
        data: { status: input.status, completedAt: at },
      });
      await appendAuditEvent(tx, {
        workItemId: input.workItemId,
        action: input.action,
        actor: SYSTEM_ACTOR,
        data: { ...input.data, closed: open.map((t) => t.id), status: input.status },
        idempotencyKey: input.idempotencyKey,
        at,
      });
    });
  };
}

function completedAction(kind: 'task' | 'approval' | 'handoff', decision: string | undefined) {
  switch (kind) {
    case 'task':
      return 'task.completed';
    case 'approval':
      return 'approval.decided';
    case 'handoff':
      return decision === 'approved' ? 'handoff.accepted' : 'handoff.declined';
  }
}
