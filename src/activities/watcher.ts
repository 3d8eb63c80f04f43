import type { PrismaClient } from '../db/prisma';
import { flowVersions } from '../insights/at-risk';
import { watchRound as runWatchRound, type WatchRoundResult } from '../insights/watch';
import type { Clock } from './clock';

type Deps = { prisma: PrismaClient; clock: Clock };

/** What a watch round is asked to do. */
export interface WatchRoundInput {
  /** Hours open work may sit on a run where nothing happens before its holder is prompted. */
  idleHours?: number;
}

/**
 * One round of the watcher: flags the work that is late or predicted late, once each, and
 * prompts the holders of work idle on its run, once per idle period.
 */
export function watchRoundActivity(deps: Deps) {
  const flowOf = flowVersions(deps.prisma);
  return async function watchRound(input: WatchRoundInput = {}): Promise<WatchRoundResult> {
    return runWatchRound(deps.prisma, deps.clock.now(), flowOf, input.idleHours);
  };
}
