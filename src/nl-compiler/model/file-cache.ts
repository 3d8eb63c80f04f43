import fs from 'node:fs/promises';
import path from 'node:path';
import type { AnswerCache } from './hybrid';

/** Where the CLI keeps the model's answers unless `PLAINFLOW_LLM_CACHE_DIR` says otherwise. */
export const DEFAULT_CACHE_DIR = path.join('.data', 'llm-cache');

/**
 * A cache of the model's answers in `dir`, one file per key, so the same text costs once across
 * runs of the CLI and the evaluation. A file that cannot be read is a miss; a write is atomic.
 */
export function fileCache(dir: string): AnswerCache {
  const file = (key: string) => path.join(dir, `${key}.json`);
  return {
    async get(key) {
      try {
        return await fs.readFile(file(key), 'utf8');
      } catch {
        return undefined;
      }
    },
    async set(key, answer) {
      await fs.mkdir(dir, { recursive: true });
      const partial = `${file(key)}.${process.pid}.tmp`;
      await fs.writeFile(partial, answer);
      await fs.rename(partial, file(key));
    },
  };
}
