/** The suite's Temporal dev server, started by the global setup. */
export function testTemporalAddress(): string {
  const address = process.env.PLAINFLOW_TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('no test Temporal server: run the tests with jest (globalSetup)');
  return address;
}

/** The path of the Temporal CLI the global setup found or built. */
export function testTemporalCli(): string {
  const cli = process.env.PLAINFLOW_TEST_TEMPORAL_CLI;
  if (!cli) throw new Error('no Temporal CLI: run the tests with jest (globalSetup)');
  return cli;
}

/** The workflow code of this run, bundled once by the global setup for every worker and replay. */
export function testWorkflowBundle(): string {
  const bundle = process.env.PLAINFLOW_WORKFLOW_BUNDLE;
  if (!bundle) throw new Error('no workflow bundle: run the tests with jest (globalSetup)');
  return bundle;
}

/** The environment of a Plainflow process a test starts: a clean one, with this run's bundle. */
export function processEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'info',
    PLAINFLOW_WORKFLOW_BUNDLE: testWorkflowBundle(),
    ...env,
  };
}
