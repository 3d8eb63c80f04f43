import fs from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from '../logger';
import { temporalLogger } from './runtime';

/** Plainflow's workflow code, as Temporal bundles it for a worker. */
export const WORKFLOWS_PATH = require.resolve('../workflows');

/**
 * Bundles the workflow code once into `file`, so workers started later (or in other processes)
 * load it instead of bundling again; `PLAINFLOW_WORKFLOW_BUNDLE` hands the file to a worker.
 */
export async function writeWorkflowBundle(file: string, logger: Logger): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: temporalLogger(logger),
  });
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, code);
  return file;
}

/** Where a worker or a replayer gets the workflow code: a prebuilt bundle, else the sources. */
export function workflowCode(
  bundlePath: string | undefined,
): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  return bundlePath
    ? { workflowBundle: { codePath: bundlePath } }
    : { workflowsPath: WORKFLOWS_PATH };
}
