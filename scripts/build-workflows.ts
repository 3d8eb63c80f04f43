// Writes the workflow bundle a production worker loads through PLAINFLOW_WORKFLOW_BUNDLE.
import path from 'node:path';
import { logger } from '../src/logger';
import { writeWorkflowBundle } from '../src/temporal/workflow-bundle';

const file = path.resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
writeWorkflowBundle(file, logger).then(
  () => logger.info({ file }, 'workflow bundle written'),
  (err: unknown) => {
    logger.fatal({ err }, 'workflow bundle not written');
    process.exitCode = 1;
  },
);
