import type { IntakeField, Party, Step, Trigger } from '../../dsl';
import type { CompileContext } from '../context';
import type { Act, Limits } from './frame';
import type { TriggerReading } from './discourse';
import type { FlowNode } from './node';

// The one place that knows the DSL's step shapes: frames and nodes become steps here.

const PRIORITIES = new Set(['low', 'normal', 'high', 'urgent']);

function describe(party: Party): string {
  switch (party.type) {
    case 'role':
      return party.role.replace(/-/g, ' ');
    case 'team':
      return `the ${party.team.replace(/-/g, ' ')} team`;
    case 'person':
      return party.email;
    case 'requester':
    case 'manager':
    case 'assignee':
      return `the ${party.type}`;
  }
}

function actStep(
  act: Act,
  limits: Limits,
  ctx: CompileContext,
  span: { start: number; end: number },
): Step {
  const then = limits.then;
  switch (act.kind) {
    case 'approve': {
      const mode = act.quantity.mode;
      const quorum = act.quantity.mode === 'quorum' ? act.quantity.count : undefined;
      return {
        type: 'approval',
        id: ctx.nextId('approval'),
        span,
        approvers: act.parties,
        mode: mode === 'sequence' && act.parties.length < 2 ? 'any' : mode,
        ...(quorum !== undefined ? { quorum } : {}),
        ...(limits.remindEvery ? { remindEvery: limits.remindEvery } : {}),
        ...(limits.within
          ? { timeout: { after: limits.within, ...(then ? { then: then } : {}) } }
          : {}),
      };
    }
    case 'work':
      return {
        type: 'task',
        id: ctx.nextId('task'),
        span,
        title: act.title,
        assignee: act.party,
        ...(limits.within
          ? {
              due: {
                within: limits.within,
                ...(then && then.type !== 'approve' && then.type !== 'reject' ? { then } : {}),
              },
            }
          : {}),
        ...(limits.remindEvery ? { remindEvery: limits.remindEvery } : {}),
        ...(act.form ? { form: act.form } : {}),
      };
    case 'handoff':
      return {
        type: 'handoff',
        id: ctx.nextId('handoff'),
        span,
        to: act.party,
        ...(limits.within
          ? {
              accept: {
                within: limits.within,
                ...(then &&
                (then.type === 'escalate' || then.type === 'reassign' || then.type === 'cancel')
                  ? { then }
                  : {}),
              },
            }
          : {}),
      };
    case 'notify':
      return {
        type: 'notify',
        id: ctx.nextId('notify'),
        span,
        to: act.parties,
        message: `Update for ${act.parties.map(describe).join(', ')}`,
      };
    case 'set': {
      const step: Step = { type: 'set', id: ctx.nextId('set'), span };
      if (act.field === 'priority' && PRIORITIES.has(act.value)) step.priority = act.value as 'low';
      else if (act.field === 'status' || act.field === 'state') step.status = act.value;
      else step.fields = { [act.field]: act.value };
      return step;
    }
    case 'wait':
      return {
        type: 'wait',
        id: ctx.nextId('wait'),
        span,
        for: { type: 'duration', duration: act.duration },
      };
    case 'event':
      return {
        type: 'wait',
        id: ctx.nextId('wait'),
        span,
        for: {
          type: 'event',
          event: act.event,
          ...(limits.within ? { timeout: limits.within } : {}),
        },
      };
    case 'end':
      return { type: 'end', id: ctx.nextId('end'), span, status: act.status };
    case 'subflow':
      return { type: 'subflow', id: ctx.nextId('subflow'), span, flow: act.flow, wait: act.wait };
  }
}

/** The steps of a list of nodes. */
export function lowerNodes(nodes: readonly FlowNode[], ctx: CompileContext): Step[] {
  const steps: Step[] = [];
  for (const node of nodes) {
    switch (node.kind) {
      case 'act': {
        steps.push(actStep(node.act, node.limits, ctx, node.span));
        break;
      }
      case 'if': {
        const then = lowerNodes(node.then, ctx);
        const otherwise = node.else ? lowerNodes(node.else, ctx) : [];
        if (then.length === 0) {
          ctx.error('empty-branch', `Nothing was found to do when ${node.condition}`, node.span);
          break;
        }
        steps.push({
          type: 'if',
          id: ctx.nextId('if'),
          span: node.span,
          condition: node.condition,
          then,
          ...(otherwise.length > 0 ? { else: otherwise } : {}),
        });
        break;
      }
      case 'parallel': {
        const branches = node.branches
          .map((b) => ({ steps: lowerNodes(b, ctx) }))
          .filter((b) => b.steps.length > 0);
        if (branches.length >= 2)
          steps.push({ type: 'parallel', id: ctx.nextId('parallel'), span: node.span, branches });
        else for (const branch of branches) steps.push(...branch.steps);
        break;
      }
      case 'repeat': {
        const body = lowerNodes(node.body, ctx);
        if (body.length > 0) {
          steps.push({
            type: 'repeat',
            id: ctx.nextId('repeat'),
            span: node.span,
            every: node.every,
            until: node.until,
            maxIterations: 1000,
            steps: body,
          });
        }
        break;
      }
    }
  }
  return steps;
}

/** The flow's trigger from what the discourse read. */
export function lowerTrigger(
  reading: TriggerReading | undefined,
  fields: IntakeField[],
  hasSteps: boolean,
): Trigger {
  if (reading?.type === 'schedule') {
    const { schedule } = reading;
    const trigger: Trigger = {
      type: 'schedule',
      ...(schedule.cron ? { cron: schedule.cron } : {}),
      ...(schedule.every ? { every: schedule.every } : {}),
      ...(schedule.timeZone ? { timeZone: schedule.timeZone } : {}),
    };
    return trigger;
  }
  if (reading?.type === 'manual' && fields.length === 0) return { type: 'manual' };
  if (reading?.type === 'request' || fields.length > 0 || !hasSteps)
    return { type: 'request', fields };
  return { type: 'manual' };
}
