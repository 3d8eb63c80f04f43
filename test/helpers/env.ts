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
