import {
  describeAction,
  describeCondition,
  describeCron,
  describeDuration,
  describeParties,
  describeParty,
  words,
} from './describe';
import type { Flow } from './flow';
import { flowTimeZone } from './flow';
import type { IntakeField } from './intake-field';
import type { SetStep } from './steps/set-step';
import type { Step } from './steps/step';
import type { WaitFor } from './steps/wait-step';
import type { Trigger } from './trigger';

// One line per step, numbered by position (children "2.1", "2.2"), so that a person who
// never saw the DSL can check every assignment, time limit and escalation.

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function describeField(field: IntakeField): string {
  const details: string[] = [field.type];
  if (field.type === 'money' && field.currency) details.push(field.currency);
  if (field.type === 'choice') details.push(`one of ${field.options.join(', ')}`);
  if (field.optional) details.push('optional');
  return `${words(field.name)} (${details.join(', ')})`;
}

function describeTrigger(trigger: Trigger, timeZone: string): string {
  switch (trigger.type) {
    case 'manual':
      return 'Runs are started by hand or through the API, with no intake form.';
    case 'request': {
      const event = trigger.event ? ` or when the event "${trigger.event}" arrives` : '';
      const fields = trigger.fields.length
        ? ` with: ${trigger.fields.map(describeField).join('; ')}`
        : '';
      return `Runs start when a request comes in${event}${fields}.`;
    }
    case 'schedule': {
      const when = trigger.cron
        ? describeCron(trigger.cron)
        : `every ${describeDuration(trigger.every ?? '')}`;
      const window = [
        trigger.start && `from ${trigger.start}`,
        trigger.end && `until ${trigger.end}`,
      ].filter(Boolean);
      const overlap = trigger.overlap ?? 'skip';
      return (
        `Runs start on a schedule: ${when} (${trigger.timeZone ?? timeZone})${window.length ? `, ${window.join(' ')}` : ''}. ` +
        `If the previous run is still going: ${overlap.replace(/_/g, ' ')}.` +
        (trigger.catchUpWindow
          ? ` A start missed while the service was down still happens up to ${describeDuration(trigger.catchUpWindow)} late.`
          : '')
      );
    }
  }
}

function describeSet(step: SetStep): string {
  const changes = [
    step.status !== undefined && `the status to "${step.status}"`,
    step.priority !== undefined && `the priority to ${step.priority}`,
    ...Object.entries(step.fields ?? {}).map(
      ([name, value]) => `${words(name)} to ${JSON.stringify(value)}`,
    ),
  ].filter((change): change is string => typeof change === 'string');
  return `Set ${changes.join(', ')}.`;
}

function describeWait(wait: WaitFor): string {
  switch (wait.type) {
    case 'duration':
      return `Wait ${describeDuration(wait.duration)}.`;
    case 'date':
      return `Wait until ${wait.at}.`;
    case 'field':
      return `Wait until the date in ${words(wait.field)}.`;
    case 'event':
      return wait.timeout
        ? `Wait for the event "${wait.event}" for at most ${describeDuration(wait.timeout)}; after that it counts as timed out and the flow goes on.`
        : `Wait for the event "${wait.event}".`;
  }
}

const APPROVAL_MODE = {
  any: 'the first decision wins',
  all: 'all of them must approve',
  sequence: 'one after another, in this order',
} as const;

/** The sentence for a step without children. */
function describeStep(step: Exclude<Step, { type: 'if' | 'parallel' | 'repeat' }>): string {
  switch (step.type) {
    case 'task': {
      const parts = [`${capitalize(describeParty(step.assignee))}: task "${step.title}".`];
      if (step.due) {
        parts.push(`Due within ${describeDuration(step.due.within)}`);
        parts[parts.length - 1] += step.due.then
          ? `; if it is overdue, ${describeAction(step.due.then)}.`
          : '.';
      }
      if (step.remindEvery)
        parts.push(`Reminder every ${describeDuration(step.remindEvery)} until done.`);
      if (step.form?.length)
        parts.push(`On completion they fill in: ${step.form.map(describeField).join('; ')}.`);
      return parts.join(' ');
    }
    case 'approval': {
      const mode =
        step.mode === 'quorum'
          ? `${step.quorum ?? 1} approvals are needed`
          : APPROVAL_MODE[step.mode];
      const parts = [`Approval by ${describeParties(step.approvers)}: ${mode}.`];
      if (step.allowDelegation) parts.push('Approvers may delegate.');
      if (step.remindEvery)
        parts.push(`Reminder every ${describeDuration(step.remindEvery)} until decided.`);
      if (step.timeout) {
        const after = describeDuration(step.timeout.after);
        parts.push(
          step.timeout.then
            ? `If there is no decision within ${after}, ${describeAction(step.timeout.then)}.`
            : `If there is no decision within ${after}, it counts as timed out and the flow goes on.`,
        );
      }
      return parts.join(' ');
    }
    case 'handoff': {
      const parts = [`Hand the item over to ${describeParty(step.to)}`];
      if (step.accept) {
        parts[0] += `, who must accept it within ${describeDuration(step.accept.within)}`;
        parts[0] += step.accept.then ? `; otherwise ${describeAction(step.accept.then)}.` : '.';
      } else {
        parts[0] += ', who must accept it.';
      }
      if (step.note) parts.push(`Note: "${step.note}"`);
      return parts.join(' ');
    }
    case 'notify':
      return `Notify ${describeParties(step.to)}${step.channel === 'webhook' ? ' by webhook' : ''}: "${step.message}"`;
    case 'set':
      return describeSet(step);
    case 'wait':
      return describeWait(step.for);
    case 'call': {
      const retries = step.retries
        ? `, up to ${step.retries.maxAttempts} attempts${step.retries.backoff ? ` ${describeDuration(step.retries.backoff)} apart` : ''}`
        : '';
      const timeout = step.timeout ? `, each limited to ${describeDuration(step.timeout)}` : '';
      return `Call ${step.method} ${step.destination}${step.path ?? ''}${retries}${timeout}.`;
    }
    case 'subflow':
      return `Start the flow "${step.flow}"${step.wait ? ' and wait for it to finish' : ' without waiting for it'}.`;
    case 'end':
      return `End the flow as ${step.status}.`;
  }
}

/** Appends the lines of `steps`, numbered `<prefix><start + 1>` on; returns the last number used. */
function explainSteps(
  lines: string[],
  steps: readonly Step[],
  prefix: string,
  depth: number,
  start = 0,
): number {
  const indent = '   '.repeat(depth);
  let index = start;
  const next = () => `${prefix}${++index}`;
  for (const step of steps) {
    const number = next();
    if (step.type === 'if') {
      lines.push(`${indent}${number}. If ${describeCondition(step.condition)}:`);
      const last = explainSteps(lines, step.then, `${number}.`, depth + 1);
      if (step.else) {
        lines.push(`${indent}   Otherwise:`);
        explainSteps(lines, step.else, `${number}.`, depth + 1, last);
      }
    } else if (step.type === 'parallel') {
      lines.push(
        `${indent}${number}. At the same time, in ${step.branches.length} branches (the flow goes on when all have finished):`,
      );
      step.branches.forEach((branch, b) => {
        const label = `${number}.${b + 1}`;
        lines.push(`${indent}   ${label}. Branch${branch.name ? ` "${branch.name}"` : ''}:`);
        explainSteps(lines, branch.steps, `${label}.`, depth + 2);
      });
    } else if (step.type === 'repeat') {
      lines.push(
        `${indent}${number}. Repeat every ${describeDuration(step.every)} until ${describeCondition(step.until)} (at most ${step.maxIterations} times):`,
      );
      explainSteps(lines, step.steps, `${number}.`, depth + 1);
    } else {
      lines.push(`${indent}${number}. ${describeStep(step)}`);
    }
  }
  return index;
}

/** A numbered plain-English description of a flow: header lines, then one line per step. */
export function explain(flow: Flow): string[] {
  const timeZone = flowTimeZone(flow);
  const lines = [
    `Flow "${flow.name}" (version ${flow.version}), owned by the ${words(flow.ownerTeam)} team.`,
  ];
  if (flow.description) lines.push(flow.description);
  lines.push(describeTrigger(flow.trigger, timeZone));
  if (flow.deadline) {
    const then = flow.deadline.then ? describeAction(flow.deadline.then) : 'cancel the run';
    lines.push(
      `Every run must finish within ${describeDuration(flow.deadline.within)}; otherwise ${then}.`,
    );
  }
  if (flow.rebalance) {
    lines.push(
      'The watcher may move team work from a member who is away or over capacity to the least loaded available member.',
    );
  }
  explainSteps(lines, flow.steps, '', 0);
  return lines;
}
