import type { PathSegment } from './issue';
import type { Step } from './steps/step';

/** A list of steps that run one after another, with its path inside the flow document. */
export interface StepSequence {
  readonly steps: readonly Step[];
  readonly path: readonly PathSegment[];
}

/** The sequences a step holds directly: if/else arms, parallel branches, a repeat body. */
export function childSequences(step: Step, path: readonly PathSegment[]): StepSequence[] {
  switch (step.type) {
    case 'if':
      return [
        { steps: step.then, path: [...path, 'then'] },
        ...(step.else ? [{ steps: step.else, path: [...path, 'else'] }] : []),
      ];
    case 'parallel':
      return step.branches.map((branch, index) => ({
        steps: branch.steps,
        path: [...path, 'branches', index, 'steps'],
      }));
    case 'repeat':
      return [{ steps: step.steps, path: [...path, 'steps'] }];
    case 'task':
    case 'approval':
    case 'handoff':
    case 'notify':
    case 'set':
    case 'wait':
    case 'call':
    case 'subflow':
    case 'end':
      return [];
  }
}

/** Calls `visit` on every step in document order, parents before their children. */
export function forEachStep(
  steps: readonly Step[],
  visit: (step: Step, path: readonly PathSegment[]) => void,
  path: readonly PathSegment[] = ['steps'],
): void {
  steps.forEach((step, index) => {
    const stepPath = [...path, index];
    visit(step, stepPath);
    for (const child of childSequences(step, stepPath)) forEachStep(child.steps, visit, child.path);
  });
}

/** The names of the events the flow's `wait` steps wait for, sorted, each once. */
export function awaitedEvents(steps: readonly Step[]): string[] {
  const names = new Set<string>();
  forEachStep(steps, (step) => {
    if (step.type === 'wait' && step.for.type === 'event') names.add(step.for.event);
  });
  return [...names].sort();
}
