import { Context } from '@temporalio/activity';
import type { PrismaClient } from '../db/prisma';
import { flowVersions } from '../insights/at-risk';
import { movesThrough } from '../insights/rebalance';
import { watchRound as runWatchRound, type WatchRoundResult } from '../insights/watch';
import type { Clock } from './clock';

type Deps = { prisma: PrismaClient; clock: Clock };

/** What a watch round is asked to do. */
export interface WatchRoundInput {
  /** Hours open work may sit on a run where nothing happens before its holder is prompted. */
  idleHours?: number;
}

/**
 * One round of the watcher: flags the work that is late or predicted late, once each, prompts
 * the holders of work idle on its run, once per idle period, and moves team work off people away
 * or over capacity through the runs' reassign Update (sent with the worker's client).
 */
export function watchRoundActivity(deps: Deps) {
  const flowOf = flowVersions(deps.prisma);
  return async function watchRound(input: WatchRoundInput = {}): Promise<WatchRoundResult> {
    const send = movesThrough(Context.current().client);
    return runWatchRound(deps.prisma, deps.clock.now(), flowOf, send, input.idleHours);
  };
}
