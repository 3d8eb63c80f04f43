import type { PrismaClient } from '../db/prisma';
import { computePaces, flowVersions } from '../insights/at-risk';
import {
  raiseFlags,
  sendPrompts,
  watchPlan,
  type WatchFlag,
  type WatchPrompt,
} from '../insights/watch';
import type { Clock } from './clock';

type Deps = { prisma: PrismaClient; clock: Clock };

/** What a watch round is asked to do. */
export interface WatchRoundInput {
  /** Hours open work may sit on a run where nothing happens before its holder is prompted. */
  idleHours?: number;
}

/** What a watch round did. */
export interface WatchRoundResult {
  at: string;
  /** Flags raised and prompts sent by this round (a retried round sends none twice). */
  raised: number;
  prompted: number;
  flags: WatchFlag[];
  prompts: WatchPrompt[];
}

/**
 * One round of the watcher: flags the work that is late or predicted late, once each, and
 * prompts the holders of work idle on its run, once per idle period.
 */
export function watchRoundActivity(deps: Deps) {
  return async function watchRound(input: WatchRoundInput = {}): Promise<WatchRoundResult> {
    const at = deps.clock.now();
    const plan = await watchPlan(
      deps.prisma,
      at,
      await computePaces(deps.prisma, at),
      flowVersions(deps.prisma),
      input.idleHours,
    );
    const raised = await raiseFlags(deps.prisma, plan, at);
    const prompted = await sendPrompts(deps.prisma, plan, at);
    return { ...plan, raised, prompted };
  };
}
