import type { PrismaClient } from '../db/prisma';
import { computePaces, flowVersions } from '../insights/at-risk';
import { raiseFlags, watchPlan, type WatchFlag } from '../insights/watch';
import type { Clock } from './clock';

type Deps = { prisma: PrismaClient; clock: Clock };

/** What a watch round did. */
export interface WatchRoundResult {
  at: string;
  /** Flags raised by this round (a retried round raises none twice). */
  raised: number;
  flags: WatchFlag[];
}

/** One round of the watcher: flags the work that is late or predicted late, once each. */
export function watchRoundActivity(deps: Deps) {
  return async function watchRound(): Promise<WatchRoundResult> {
    const at = deps.clock.now();
    const plan = await watchPlan(
      deps.prisma,
      at,
      await computePaces(deps.prisma, at),
      flowVersions(deps.prisma),
    );
    const raised = await raiseFlags(deps.prisma, plan, at);
    return { at: plan.at, raised, flags: plan.flags };
  };
}
