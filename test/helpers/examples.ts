import fs from 'node:fs';
import path from 'node:path';
import { parseFlow, type Flow } from '../../src/dsl';

/** The example flows shipped in `examples/`. */
export const EXAMPLES_DIR = path.resolve(__dirname, '../../examples');

/** An example flow and its file name without `.json`. */
export interface Example {
  name: string;
  flow: Flow;
}

/** Every example flow, parsed, in file name order; throws naming a file that does not parse. */
export function loadExamples(dir = EXAMPLES_DIR): Example[] {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const parsed = parseFlow(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
      if (!parsed.ok)
        throw new Error(`${file} is not a valid flow: ${JSON.stringify(parsed.errors)}`);
      return { name: file.replace(/\.json$/, ''), flow: parsed.flow };
    });
}
