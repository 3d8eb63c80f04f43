import { formatAction, type Action } from './action';
import { formatDuration } from './duration';
import { formatExpression } from './expression/format';
import { parseExpression } from './expression/parser';
import type { Flow } from './flow';
import { formatParty, type Party } from './party';
import type { FieldValue } from './steps/set-step';
import type { Step } from './steps/step';
import type { WaitFor } from './steps/wait-step';
import type { Trigger } from './trigger';

// The outline (see shared/eval/OUTLINE.md) is a projection: titles, messages, spans, team
// assignment strategies, schedule windows and retries are left out. Constructs the outline
// format has no line for are printed in the same key=value style:
//   deadline <dur> [then=<action>]      the flow-level deadline, after the field lines
//   trigger schedule every=<dur>        an interval schedule instead of cron
//   wait until=<date|field>             a wait for a date or a date field
//   call <METHOD> <destination>         an HTTP call
//   subflow <name> [wait]               starting another flow
//   then=notify:<party>[,<party>...]    a notify action on a time limit

/** The outline of a flow, one line per node, children indented two spaces. */
export function outline(flow: Flow): string[] {
  const lines = [triggerLine(flow.trigger, flow.timeZone)];
  if (flow.trigger.type === 'request') {
    for (const field of flow.trigger.fields) {
      lines.push(`field ${field.name} ${field.type}${field.optional ? ' optional' : ''}`);
    }
  }
  if (flow.deadline) {
    lines.push(join('deadline', formatDuration(flow.deadline.within), then(flow.deadline.then)));
  }
  appendSteps(lines, flow.steps, 0);
  return lines;
}

/** The outline as one string, lines joined by newlines (what the scorer reads). */
export function outlineText(flow: Flow): string {
  return outline(flow).join('\n');
}

function triggerLine(trigger: Trigger, flowTimeZone: string | undefined): string {
  switch (trigger.type) {
    case 'manual':
    case 'request':
      return `trigger ${trigger.type}`;
    case 'schedule': {
      const timeZone = trigger.timeZone ?? flowTimeZone;
      const when =
        trigger.cron !== undefined
          ? `cron="${trigger.cron.trim().split(/\s+/).join(' ')}"`
          : `every=${formatDuration(trigger.every ?? '')}`;
      return join('trigger schedule', when, timeZone && `tz=${timeZone}`);
    }
  }
}

function appendSteps(lines: string[], steps: readonly Step[], depth: number): void {
  const indent = '  '.repeat(depth);
  for (const step of steps) {
    switch (step.type) {
      case 'if':
        lines.push(`${indent}if ${condition(step.condition)}`);
        appendSteps(lines, step.then, depth + 1);
        if (step.else) {
          lines.push(`${indent}else`);
          appendSteps(lines, step.else, depth + 1);
        }
        break;
      case 'parallel':
        lines.push(`${indent}parallel`);
        for (const branch of step.branches) {
          lines.push(`${indent}  branch`);
          appendSteps(lines, branch.steps, depth + 2);
        }
        break;
      case 'repeat':
        lines.push(
          `${indent}repeat every=${formatDuration(step.every)} until ${condition(step.until)}`,
        );
        appendSteps(lines, step.steps, depth + 1);
        break;
      case 'task':
      case 'approval':
      case 'handoff':
      case 'notify':
      case 'set':
      case 'wait':
      case 'call':
      case 'subflow':
      case 'end':
        lines.push(indent + leafLine(step));
        break;
    }
  }
}

function leafLine(step: Exclude<Step, { type: 'if' | 'parallel' | 'repeat' }>): string {
  switch (step.type) {
    case 'task':
      return join(
        'task',
        to([step.assignee]),
        step.due && `due=${formatDuration(step.due.within)}`,
        step.remindEvery && `remind=${formatDuration(step.remindEvery)}`,
        then(step.due?.then),
      );
    case 'approval':
      return join(
        'approval',
        step.mode === 'quorum' ? `quorum:${step.quorum ?? 1}` : step.mode,
        to(step.approvers),
        step.remindEvery && `remind=${formatDuration(step.remindEvery)}`,
        step.timeout && `timeout=${formatDuration(step.timeout.after)}`,
        then(step.timeout?.then),
      );
    case 'handoff':
      return join(
        'handoff',
        to([step.to]),
        step.accept && `accept=${formatDuration(step.accept.within)}`,
        then(step.accept?.then),
      );
    case 'notify':
      return join('notify', to(step.to));
    case 'set':
      return join(
        'set',
        step.status !== undefined && `status=${value(step.status)}`,
        step.priority !== undefined && `priority=${step.priority}`,
        ...Object.entries(step.fields ?? {}).map(
          ([name, fieldValue]) => `${name}=${value(fieldValue)}`,
        ),
      );
    case 'wait':
      return waitLine(step.for);
    case 'call':
      return `call ${step.method} ${step.destination}`;
    case 'subflow':
      return join('subflow', step.flow, step.wait && 'wait');
    case 'end':
      return `end ${step.status}`;
  }
}

function waitLine(wait: WaitFor): string {
  switch (wait.type) {
    case 'duration':
      return `wait ${formatDuration(wait.duration)}`;
    case 'date':
      return `wait until=${wait.at}`;
    case 'field':
      return `wait until=${wait.field}`;
    case 'event':
      return join(
        'wait',
        `event=${wait.event}`,
        wait.timeout && `timeout=${formatDuration(wait.timeout)}`,
      );
  }
}

function join(...parts: (string | false | undefined)[]): string {
  return parts.filter((part): part is string => typeof part === 'string' && part !== '').join(' ');
}

function to(parties: readonly Party[]): string {
  return `to=${parties.map(formatParty).join(',')}`;
}

function then(action: Action | undefined): string | undefined {
  return action && `then=${formatAction(action)}`;
}

// Canonical spacing and plain-word strings, as the outline writes them; unparsable text as is.
function condition(source: string): string {
  const parsed = parseExpression(source);
  return parsed.ok ? formatExpression(parsed.expression, { bareStrings: true }) : source.trim();
}

function value(fieldValue: FieldValue): string {
  if (typeof fieldValue === 'string' && /^[^\s"=]+$/.test(fieldValue)) return fieldValue;
  return JSON.stringify(fieldValue);
}
