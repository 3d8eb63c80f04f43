import { workflowCode } from '../../src/temporal/workflow-bundle';
import { testWorkflowBundle } from '../helpers/env';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { loadExamples } from '../helpers/examples';
import { loadHistory } from '../helpers/history-fixture';

// Recorded by `npm run record:histories`: a run of a fast variant of each example, to its end,
// with workflow id `example-<name>` (child workflow ids derive from it, so replay uses it too).
const FIXTURES_DIR = path.resolve(__dirname, '../fixtures/histories/examples');
const RECORD = 'run `npm run record:histories` and commit the new fixture';

type History = ReturnType<typeof loadHistory>;

const fixtureNames = () =>
  fs
    .readdirSync(FIXTURES_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.replace(/\.json$/, ''))
    .sort();

/** The errors of replaying `histories` against the current workflow code, by workflow id. */
async function replayErrors(histories: { workflowId: string; history: History }[]) {
  const errors: string[] = [];
  let replayed = 0;
  const replays = Worker.runReplayHistories(
    { ...workflowCode(testWorkflowBundle()), replayName: 'examples' },
    histories,
  );
  for await (const replay of replays) {
    replayed += 1;
    if (replay.error) errors.push(`${replay.workflowId}: ${String(replay.error)}`);
  }
  return { replayed, errors };
}

describe('the recorded histories of the example flows', () => {
  it('has a fixture for every example', () => {
    const recorded = new Set(fixtureNames());
    const missing = loadExamples()
      .map((example) => example.name)
      .filter((name) => !recorded.has(name))
      .map((name) => `examples/${name}.json has no recorded history: ${RECORD}`);
    expect(missing).toEqual([]);
  });

  it('has no fixture for an example that is gone', () => {
    const examples = new Set(loadExamples().map((example) => example.name));
    const stale = fixtureNames()
      .filter((name) => !examples.has(name))
      .map((name) => `${name}.json records no example any more: delete it`);
    expect(stale).toEqual([]);
  });

  it('holds runs that ended, started by flowRunWorkflow', () => {
    for (const name of fixtureNames()) {
      const events = loadHistory(path.join(FIXTURES_DIR, `${name}.json`)).events ?? [];
      const started = events[0]?.workflowExecutionStartedEventAttributes;
      expect([name, started?.workflowType?.name]).toEqual([name, 'flowRunWorkflow']);
      expect([name, events.at(-1)?.workflowExecutionCompletedEventAttributes]).toEqual([
        name,
        expect.anything(),
      ]);
    }
  });

  it('replays every fixture against the current workflow code deterministically', async () => {
    const histories = fixtureNames().map((name) => ({
      workflowId: `example-${name}`,
      history: loadHistory(path.join(FIXTURES_DIR, `${name}.json`)),
    }));
    const { replayed, errors } = await replayErrors(histories);
    expect(errors).toEqual([]);
    expect(replayed).toBe(histories.length);
    expect(replayed).toBeGreaterThanOrEqual(8);
  });

  it('reports a history the code would not make, so the check above can fail', async () => {
    const history = loadHistory(path.join(FIXTURES_DIR, 'purchase-approval.json'));
    const scheduled = history.events?.find((e) => e.activityTaskScheduledEventAttributes);
    const activityType = scheduled?.activityTaskScheduledEventAttributes?.activityType;
    if (!activityType) throw new Error('purchase-approval.json schedules no activity');
    activityType.name = 'notAnActivity';
    const { errors } = await replayErrors([{ workflowId: 'example-purchase-approval', history }]);
    expect(errors).toEqual([
      expect.stringMatching(
        /^example-purchase-approval: DeterminismViolationError: .*notAnActivity/,
      ),
    ]);
  });
});
