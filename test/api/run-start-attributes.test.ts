import { WorkItemIdKey, FlowNameKey } from '../../src/workflows/search-attributes';
import { actingAs } from '../helpers/identity';
import { useTestStack } from '../helpers/stack';
import { flowWith } from '../workflows/interpreter-harness';

describe('a run the API starts', () => {
  const { stack } = useTestStack();
  const as = actingAs(stack);

  it('starts with its search attributes and its item id, and upserts only its end status', async () => {
    const flow = flowWith([{ type: 'set', id: 'mark', fields: { x: 1 } }], 'attributed');
    expect((await as('admin', 'POST', '/flows', { flow })).status).toBe(201);
    const started = await as('ada@example.com', 'POST', '/flows/attributed/runs', {
      fields: { amount: 1 },
    });
    const handle = stack().temporal.workflow.getHandle(String(started.body.id));
    await handle.result();
    const item = await stack().prisma.workItem.findUniqueOrThrow({
      where: { workflowId: handle.workflowId },
    });
    const attributes = (await handle.describe()).typedSearchAttributes;
    expect(attributes.get(WorkItemIdKey)).toBe(item.id);
    expect(attributes.get(FlowNameKey)).toBe('attributed');
    const events = (await handle.fetchHistory()).events ?? [];
    const upserts = events.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes);
    expect(upserts).toHaveLength(1);
  });
});
