import { formatAction } from './action';
import {
  describeCondition,
  describeCron,
  describeDuration,
  describeParties,
  describeParty,
} from './describe';
import { formatDuration } from './duration';
import type { Flow } from './flow';
import type { Step } from './steps/step';

// A Mermaid flowchart: each step a node, conditions as diamonds with yes/no edges, parallel
// branches between a fork and a join, a repeat as a subgraph with its loop-back edge, and
// time limits on the node that has them.

/** A node the next step connects from, with the label of that edge (e.g. "no"). */
interface Exit {
  readonly from: string;
  readonly label?: string;
}

/** Mermaid label text: quoted, with the characters Mermaid treats specially escaped. */
function label(text: string): string {
  const escaped = text
    .replace(/&/g, '#amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\n/g, '<br/>');
  return `"${escaped}"`;
}

class Chart {
  readonly lines: string[] = ['flowchart TD'];
  private indent = '  ';

  node(id: string, shape: 'box' | 'diamond' | 'stadium' | 'circle', text: string) {
    const [open, close] = {
      box: ['[', ']'],
      diamond: ['{', '}'],
      stadium: ['([', '])'],
      circle: ['((', '))'],
    }[shape];
    this.lines.push(`${this.indent}${id}${open}${label(text)}${close}`);
  }

  connect(exits: readonly Exit[], to: string) {
    for (const exit of exits) {
      const arrow = exit.label ? `-->|${label(exit.label)}|` : '-->';
      this.lines.push(`${this.indent}${exit.from} ${arrow} ${to}`);
    }
  }

  subgraph(id: string, title: string, draw: () => void) {
    this.lines.push(`${this.indent}subgraph ${id}[${label(title)}]`);
    this.indent += '  ';
    draw();
    this.indent = this.indent.slice(2);
    this.lines.push(`${this.indent}end`);
  }
}

const nodeId = (stepId: string, suffix = '') => `s_${stepId}${suffix}`;

/** A time limit in the outline's words: `due 2d → escalate:role:cfo`. */
function limit(kind: string, duration: string, then: string | undefined): string {
  return `\n${kind} ${formatDuration(duration)}${then ? ` → ${then}` : ''}`;
}

function stepText(step: Exclude<Step, { type: 'if' | 'parallel' | 'repeat' }>): string {
  switch (step.type) {
    case 'task':
      return (
        `Task: ${step.title}\n${describeParty(step.assignee)}` +
        (step.due
          ? limit('due', step.due.within, step.due.then && formatAction(step.due.then))
          : '') +
        (step.remindEvery ? `\nremind every ${formatDuration(step.remindEvery)}` : '')
      );
    case 'approval': {
      const mode = step.mode === 'quorum' ? `quorum ${step.quorum ?? 1}` : step.mode;
      return (
        `Approval (${mode})\n${describeParties(step.approvers)}` +
        (step.timeout
          ? limit(
              'timeout',
              step.timeout.after,
              step.timeout.then && formatAction(step.timeout.then),
            )
          : '') +
        (step.remindEvery ? `\nremind every ${formatDuration(step.remindEvery)}` : '')
      );
    }
    case 'handoff':
      return (
        `Handoff to ${describeParty(step.to)}` +
        (step.accept
          ? limit('accept', step.accept.within, step.accept.then && formatAction(step.accept.then))
          : '')
      );
    case 'notify':
      return `Notify ${describeParties(step.to)}`;
    case 'set':
      return `Set ${[
        step.status !== undefined && `status=${step.status}`,
        step.priority !== undefined && `priority=${step.priority}`,
        ...Object.entries(step.fields ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`),
      ]
        .filter(Boolean)
        .join(', ')}`;
    case 'wait':
      switch (step.for.type) {
        case 'duration':
          return `Wait ${describeDuration(step.for.duration)}`;
        case 'date':
          return `Wait until ${step.for.at}`;
        case 'field':
          return `Wait until ${step.for.field}`;
        case 'event':
          return `Wait for event ${step.for.event}${step.for.timeout ? limit('timeout', step.for.timeout, 'timed_out') : ''}`;
      }
      break;
    case 'call':
      return `Call ${step.method} ${step.destination}${step.path ?? ''}`;
    case 'subflow':
      return `Subflow ${step.flow}${step.wait ? ' (wait)' : ''}`;
    case 'end':
      return `End: ${step.status}`;
  }
}

/** Draws `steps` after `entry`; returns the exits the next step connects from ([] after `end`). */
function drawSteps(chart: Chart, steps: readonly Step[], entry: readonly Exit[]): Exit[] {
  let exits: Exit[] = [...entry];
  for (const step of steps) {
    const id = nodeId(step.id);
    if (step.type === 'if') {
      chart.node(id, 'diamond', describeCondition(step.condition));
      chart.connect(exits, id);
      const yes = drawSteps(chart, step.then, [{ from: id, label: 'yes' }]);
      const no = step.else
        ? drawSteps(chart, step.else, [{ from: id, label: 'no' }])
        : [{ from: id, label: 'no' }];
      exits = [...yes, ...no];
    } else if (step.type === 'parallel') {
      const join = nodeId(step.id, '_join');
      chart.node(id, 'circle', 'fork');
      chart.connect(exits, id);
      const ends: Exit[] = [];
      step.branches.forEach((branch, index) => {
        const title = branch.name ?? `branch ${index + 1}`;
        chart.subgraph(nodeId(step.id, `_b${index + 1}`), title, () => {
          ends.push(...drawSteps(chart, branch.steps, [{ from: id }]));
        });
      });
      chart.node(join, 'circle', 'all done');
      chart.connect(ends, join);
      exits = [{ from: join }];
    } else if (step.type === 'repeat') {
      const check = nodeId(step.id, '_until');
      const title = `every ${formatDuration(step.every)}, at most ${step.maxIterations} times`;
      let bodyExits: Exit[] = [];
      chart.subgraph(id, title, () => {
        bodyExits = drawSteps(chart, step.steps, exits);
        chart.node(check, 'diamond', describeCondition(step.until));
      });
      chart.connect(bodyExits, check);
      const first = step.steps[0];
      if (first) {
        const again = `no, after ${formatDuration(step.every)}`;
        chart.connect([{ from: check, label: again }], nodeId(first.id));
      }
      exits = [{ from: check, label: 'yes' }];
    } else {
      chart.node(id, step.type === 'end' ? 'stadium' : 'box', stepText(step));
      chart.connect(exits, id);
      exits = step.type === 'end' ? [] : [{ from: id }];
    }
  }
  return exits;
}

function startText(flow: Flow): string {
  switch (flow.trigger.type) {
    case 'manual':
      return 'Started by hand';
    case 'request':
      return flow.trigger.fields.length
        ? `Request: ${flow.trigger.fields.map((f) => f.name).join(', ')}`
        : 'Request comes in';
    case 'schedule':
      return flow.trigger.cron
        ? describeCron(flow.trigger.cron)
        : `every ${describeDuration(flow.trigger.every ?? '')}`;
  }
}

/** The flow as a Mermaid flowchart (top-down). */
export function diagram(flow: Flow): string {
  const chart = new Chart();
  chart.node('start', 'stadium', startText(flow));
  const exits = drawSteps(chart, flow.steps, [{ from: 'start' }]);
  if (exits.length > 0) {
    chart.node('done', 'stadium', 'End: completed');
    chart.connect(exits, 'done');
  }
  return chart.lines.join('\n');
}
