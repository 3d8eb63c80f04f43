import fs from 'node:fs';
import path from 'node:path';
import {
  Action,
  ApprovalMode,
  AssignmentStrategy,
  diagram,
  explain,
  FieldType,
  forEachStep,
  outline,
  parseFlow,
  Party,
  Step,
  Trigger,
  verifyFlow,
  WaitFor,
  type Flow,
} from '../src/dsl';

const EXAMPLES_DIR = path.resolve(__dirname, '../examples');
const examples: [string, Flow][] = fs
  .readdirSync(EXAMPLES_DIR)
  .filter((file) => file.endsWith('.json'))
  .map((file) => {
    const parsed = parseFlow(JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')));
    if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.errors)}`);
    return [file, parsed.flow];
  });

/** The `type` literals of a discriminated union's members. */
const typesOf = (union: { options: readonly { shape: { type: { value: unknown } } }[] }) =>
  union.options.map((option) => String(option.shape.type.value)).sort();

/** Every JSON object nested in a value, for collecting what the examples use. */
function objects(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) for (const item of value) objects(item, out);
  else if (value !== null && typeof value === 'object') {
    out.push(value as Record<string, unknown>);
    for (const child of Object.values(value)) objects(child, out);
  }
  return out;
}

describe('the example flows', () => {
  it('include the five flows the product promises', () => {
    expect(examples.map(([file]) => file)).toEqual(
      expect.arrayContaining([
        'purchase-approval.json',
        'employee-onboarding.json',
        'sales-to-onboarding.json',
        'weekly-review.json',
        'compliance-update.json',
      ]),
    );
  });

  it.each(examples)('%s verifies without errors or warnings', (_file, flow) => {
    expect(verifyFlow(flow)).toEqual([]);
  });

  it.each(examples)('%s explains every step on a numbered line', (_file, flow) => {
    let steps = 0;
    forEachStep(flow.steps, () => (steps += 1));
    const numbered = explain(flow).filter((line) => /^\s*\d+(\.\d+)*\. /.test(line));
    const branchLines = numbered.filter((line) => / Branch( "[^"]*")?:$/.test(line));
    expect(numbered.length - branchLines.length).toBe(steps);
  });

  it.each(examples)(
    '%s draws every step as a node and outlines from its trigger',
    (_file, flow) => {
      const chart = diagram(flow);
      forEachStep(flow.steps, (step) => expect(chart).toContain(`s_${step.id}`));
      expect(outline(flow)[0]).toMatch(/^trigger (manual|request|schedule)/);
    },
  );

  it('together use every construct of the DSL', () => {
    const all = objects(examples.map(([, flow]) => flow));
    const used = (schema: Parameters<typeof typesOf>[0]) => {
      const kinds = new Set(typesOf(schema));
      return [...new Set(all.map((o) => String(o.type)).filter((t) => kinds.has(t)))].sort();
    };
    expect(used(Step)).toEqual(typesOf(Step));
    expect(used(Trigger)).toEqual(typesOf(Trigger));
    expect(used(WaitFor)).toEqual(typesOf(WaitFor));
    expect(used(Party)).toEqual(typesOf(Party));
    expect(used(Action)).toEqual(typesOf(Action));
    const values = (key: string) => new Set(all.map((o) => o[key]).filter((v) => v !== undefined));
    expect([...values('mode')].sort()).toEqual([...ApprovalMode.options].sort());
    expect(values('assignment')).toEqual(new Set(AssignmentStrategy.options));
    const fieldTypes = new Set(all.filter((o) => 'name' in o && 'type' in o).map((o) => o.type));
    for (const type of FieldType.options) expect(fieldTypes).toContain(type);
    const schedules = all.filter((o) => o.type === 'schedule');
    expect(schedules.some((s) => 'cron' in s) && schedules.some((s) => 'every' in s)).toBe(true);
    expect(all.some((o) => o.channel === 'webhook')).toBe(true);
    expect(examples.some(([, flow]) => flow.deadline !== undefined)).toBe(true);
  });
});
