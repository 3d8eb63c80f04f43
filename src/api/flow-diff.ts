import { isDeepStrictEqual } from 'node:util';
import type { Flow, Step } from '../dsl';
import type { PathSegment } from '../dsl/issue';
import { childSequences, forEachStep } from '../dsl/walk-steps';

/** A step as a diff names it: its id, type and where it sits in the flow document. */
export interface DiffStep {
  id: string;
  type: Step['type'];
  path: string;
}

/** A step both versions have, and what about it changed. */
export interface ChangedStep extends DiffStep {
  /** Its path in the older version, when it moved. */
  fromPath?: string;
  /** The properties of the step (not of the steps it holds) whose values differ. */
  changed: string[];
}

/** What changed between two versions of a flow. */
export interface FlowDiff {
  added: DiffStep[];
  removed: DiffStep[];
  changed: ChangedStep[];
  /** The flow's own properties (trigger, deadline, destinations, …) that differ. */
  flowChanged: string[];
}

interface Located {
  step: Step;
  path: string;
  /** The step without the steps it holds: what the step itself says. */
  own: Record<string, unknown>;
}

const pathText = (path: readonly PathSegment[]) => path.join('.');

/** The keys of `step` holding child sequences (`then`, `else`, `branches`, `steps`). */
function childKeys(step: Step): Set<string> {
  return new Set(childSequences(step, []).map((sequence) => String(sequence.path[0])));
}

function located(flow: Flow): Map<string, Located> {
  const steps = new Map<string, Located>();
  forEachStep(flow.steps, (step, path) => {
    const nested = childKeys(step);
    const own = Object.fromEntries(Object.entries(step).filter(([key]) => !nested.has(key)));
    steps.set(step.id, { step, path: pathText(path), own });
  });
  return steps;
}

/** What a flow says besides its steps and version number. */
function flowOwn(flow: Flow): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(flow).filter(([key]) => key !== 'steps' && key !== 'version'),
  );
}

/** The keys whose values differ between two objects, sorted. */
function differingKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((key) => !isDeepStrictEqual(a[key], b[key]))
    .sort();
}

/** Steps added, removed and changed from `from` to `to` (matched by id), and the flow's own changes. */
export function diffFlows(from: Flow, to: Flow): FlowDiff {
  const before = located(from);
  const after = located(to);
  const brief = ({ step, path }: Located): DiffStep => ({ id: step.id, type: step.type, path });
  const changed: ChangedStep[] = [];
  for (const [id, now] of after) {
    const then = before.get(id);
    if (!then) continue;
    const keys = differingKeys(then.own, now.own);
    if (keys.length > 0 || then.path !== now.path) {
      changed.push({
        ...brief(now),
        ...(then.path === now.path ? {} : { fromPath: then.path }),
        changed: keys,
      });
    }
  }
  return {
    added: [...after.values()].filter((s) => !before.has(s.step.id)).map(brief),
    removed: [...before.values()].filter((s) => !after.has(s.step.id)).map(brief),
    changed,
    flowChanged: differingKeys(flowOwn(from), flowOwn(to)),
  };
}
