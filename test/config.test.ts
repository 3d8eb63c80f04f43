import path from 'node:path';
import { loadConfig } from '../src/config';

describe('configuration', () => {
  it('defaults to the embedded setup: no DATABASE_URL, no TEMPORAL_ADDRESS, data under .data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      TEMPORAL_PORT: 7233,
      TEMPORAL_UI_PORT: 8233,
      PLAINFLOW_TASK_QUEUE: 'plainflow',
      PLAINFLOW_DATA_DIR: path.resolve('.data'),
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.TEMPORAL_ADDRESS).toBeUndefined();
  });

  it('gives scheduled runs a system requester unless one is configured, and checks it is an email', () => {
    expect(loadConfig({}).PLAINFLOW_SCHEDULE_REQUESTER).toBe('scheduler@plainflow.local');
    expect(
      loadConfig({ PLAINFLOW_SCHEDULE_REQUESTER: 'robot@example.com' })
        .PLAINFLOW_SCHEDULE_REQUESTER,
    ).toBe('robot@example.com');
    expect(() => loadConfig({ PLAINFLOW_SCHEDULE_REQUESTER: 'robot' })).toThrow(
      /PLAINFLOW_SCHEDULE_REQUESTER/,
    );
  });

  it('waits 10 s for Temporal on schedule calls unless configured, and refuses a non-number', () => {
    expect(loadConfig({}).PLAINFLOW_TEMPORAL_CALL_TIMEOUT_MS).toBe(10_000);
    expect(
      loadConfig({ PLAINFLOW_TEMPORAL_CALL_TIMEOUT_MS: '2500' }).PLAINFLOW_TEMPORAL_CALL_TIMEOUT_MS,
    ).toBe(2_500);
    expect(() => loadConfig({ PLAINFLOW_TEMPORAL_CALL_TIMEOUT_MS: 'soon' })).toThrow(
      /PLAINFLOW_TEMPORAL_CALL_TIMEOUT_MS/,
    );
  });

  it('bundles the workflow code at start unless a prebuilt bundle is named', () => {
    expect(loadConfig({}).PLAINFLOW_WORKFLOW_BUNDLE).toBeUndefined();
    expect(loadConfig({ PLAINFLOW_WORKFLOW_BUNDLE: 'dist/workflow-bundle.js' })).toMatchObject({
      PLAINFLOW_WORKFLOW_BUNDLE: 'dist/workflow-bundle.js',
    });
  });

  it("leaves the worker's run cache to Temporal unless a size is given, and refuses a non-number", () => {
    expect(loadConfig({}).PLAINFLOW_WORKER_CACHED_RUNS).toBeUndefined();
    expect(loadConfig({ PLAINFLOW_WORKER_CACHED_RUNS: '250' }).PLAINFLOW_WORKER_CACHED_RUNS).toBe(
      250,
    );
    expect(() => loadConfig({ PLAINFLOW_WORKER_CACHED_RUNS: 'many' })).toThrow(
      /PLAINFLOW_WORKER_CACHED_RUNS/,
    );
  });

  it('names every variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url' })).toThrow(
      /Invalid configuration: PORT: .*; DATABASE_URL: /,
    );
  });
});
