import { ApplicationFailure } from '@temporalio/common';
import { dataErrorReason } from '../db/data-errors';

/** The failure type of an activity whose input the database refused. */
export const INVALID_DATA = 'InvalidData';

type Activity = (...args: never[]) => Promise<unknown>;

function refusing(name: string, activity: Activity): Activity {
  return async (...args) => {
    try {
      return await activity(...args);
    } catch (err) {
      const reason = dataErrorReason(err);
      if (reason === undefined) throw err;
      // A retry would send the same value and be refused again: the run fails instead of looping.
      throw ApplicationFailure.nonRetryable(
        `${name}: the database refused the input: ${reason}`,
        INVALID_DATA,
      );
    }
  };
}

/**
 * The same activities, each failing non-retryably (`InvalidData`) when the database refuses a
 * value it was given (a NUL, a lone surrogate, a string too long), instead of retrying forever.
 */
export function refuseBadData<T extends Record<string, Activity>>(activities: T): T {
  const guarded: Record<string, Activity> = {};
  for (const [name, activity] of Object.entries(activities)) {
    guarded[name] = refusing(name, activity);
  }
  // Each entry was replaced by a function of the same signature.
  return guarded as T;
}
