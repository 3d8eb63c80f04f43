import { gzipSync } from 'node:zlib';
import type { CurrentStep } from '../../src/workflows';
import type { FuzzFlow } from './fuzz-flows';

const WAITING_TYPES = ['approval', 'task', 'handoff', 'wait'] as const;

/** Who a fuzzed request acts as. */
export type Persona = 'admin' | 'author' | 'member' | 'victim';

/** A run the fuzzer knows of: the flow it runs and the steps it last said it waits on. */
export interface KnownRun {
  id: string;
  flow: FuzzFlow;
  current: CurrentStep[];
  closed: boolean;
}

/**
 * What the fuzzer knows of the server while it runs: keys, flows, the runs it started and the
 * steps they wait on (learnt from answers), so that requests reach real runs and real steps.
 */
export class FuzzWorld {
  readonly runs: KnownRun[] = [];
  readonly intakeRuns: string[] = [];
  readonly sessions: string[] = [];
  /** 5 MB of spaces, gzipped to a few KB: a body far over the limit once inflated. */
  readonly gzipBomb = gzipSync(Buffer.alloc(5 * 1024 * 1024, 0x20));

  constructor(
    readonly keys: Record<Persona, string>,
    readonly revokedKey: string,
    readonly flows: FuzzFlow[],
    /** Users the fuzzer may disable, change and whose keys it may revoke. */
    readonly victims: string[],
    readonly victimKeyIds: string[],
    readonly memberEmails: string[],
  ) {}

  /** The fuzzer's flow with a schedule trigger. */
  get scheduledFlow(): FuzzFlow {
    const flow = this.flows.find((f) => f.flow.trigger.type === 'schedule');
    if (!flow) throw new Error('the fuzzer has no scheduled flow');
    return flow;
  }

  /** The flow named `name`, if the fuzzer deployed it. */
  flowNamed(name: string): FuzzFlow | undefined {
    return this.flows.find((f) => f.flow.name === name);
  }

  /** Remembers a run just started. */
  addRun(id: string, flow: FuzzFlow): void {
    // Until an answer says otherwise, the run waits on its first step.
    const first = flow.flow.steps[0];
    const waits = first && WAITING_TYPES.find((type) => type === first.type);
    const current = first && waits ? [{ stepId: first.id, type: waits, pending: [] }] : [];
    this.runs.push({ id, flow, current, closed: false });
  }

  /** Takes in what an answer says about a run: the steps it waits on, or that it has ended. */
  learn(runId: string, answer: unknown): void {
    const run = this.runs.find((r) => r.id === runId);
    if (!run || typeof answer !== 'object' || answer === null) return;
    if ('current' in answer && Array.isArray(answer.current)) {
      run.current = answer.current as CurrentStep[];
      run.closed = 'status' in answer && answer.status !== 'running';
    }
    if ('error' in answer && JSON.stringify(answer.error).includes('run_closed')) run.closed = true;
  }

  /** An open run (or any, when none is open), preferring one waiting on a step of `stepType`. */
  pickRun(pick: number, stepType?: CurrentStep['type']): KnownRun | undefined {
    const open = this.runs.filter((r) => !r.closed);
    const waiting = stepType ? open.filter((r) => r.current.some((c) => c.type === stepType)) : [];
    const pool =
      waiting.length > 0 && pick % 4 !== 0 ? waiting : open.length > 0 ? open : this.runs;
    return pool.length === 0 ? undefined : pool[pick % pool.length];
  }
}

/** The value at `pick` of `items`, wrapping around. */
export function pickOf<T>(items: readonly T[], pick: number): T {
  const item = items[pick % items.length];
  if (item === undefined) throw new Error('pickOf: no items');
  return item;
}
