import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../src/api/app';
import { listen } from '../../src/api/server';
import { logger } from '../../src/logger';
import { answered, type CompileQuestion } from '../../src/nl-compiler/diagnostic';
import { actingAs } from '../helpers/identity';
import { useTestStack } from '../helpers/stack';

describe('previewing English before it is deployed, and readiness', () => {
  const { stack } = useTestStack();
  const as = actingAs(stack);
  const purchase =
    'Purchase requests are submitted with the vendor and the amount. The CFO must approve within 2 days.';

  it('answers the flow, its diagram and the source span of each step, and stores nothing', async () => {
    const preview = await as('pia@example.com', 'POST', '/compile', {
      text: purchase,
      name: 'buy',
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      deployable: true,
      flow: { name: 'buy', trigger: { type: 'request' } },
      diagnostics: [],
      questions: [],
    });
    expect(String(preview.body.diagram)).toMatch(/^flowchart TD\n/);
    const spans = preview.body.spans as Record<string, { start: number; end: number }>;
    const approval = Object.values(spans)[0]!;
    expect(purchase.slice(approval.start, approval.end)).toBe('The CFO must approve within 2 days');
    expect(preview.body.explanation).toEqual(expect.arrayContaining([expect.any(String)]));
    expect(await stack().prisma.flowDefinition.count()).toBe(0);
  });

  it('shows what it could not read with its span, and deploying the same body stays refused', async () => {
    const text =
      'Purchase requests are submitted with the vendor and the amount. Every so often the CFO approves.';
    const preview = await as('pia@example.com', 'POST', '/compile', { text });
    expect(preview.body.deployable).toBe(false);
    const diagnostics = preview.body.diagnostics as {
      code: string;
      span: { start: number; end: number };
    }[];
    expect(diagnostics.map((d) => d.code)).toContain('vague-schedule');
    const vague = diagnostics.find((d) => d.code === 'vague-schedule')!;
    expect(text.slice(vague.span.start, vague.span.end)).toBe('Every so often');
    const deploy = await as('admin', 'POST', '/flows', { text });
    expect(deploy.status).toBe(400);
    expect(deploy.body.error).toMatchObject({
      code: 'compile_failed',
      details: { diagnostics: preview.body.diagnostics, questions: preview.body.questions },
    });
    const empty = await as('pia@example.com', 'POST', '/compile', { text: ' ', extra: 1 });
    expect(empty.status).toBe(400);
  });

  it('says where the answer to a question goes, and the answered text deploys', async () => {
    const text = 'Purchase requests are submitted with the amount. Then it is approved.';
    const preview = await as('pia@example.com', 'POST', '/compile', { text });
    expect(preview.body.deployable).toBe(false);
    const [question] = preview.body.questions as CompileQuestion[];
    expect(question).toMatchObject({ code: 'missing-approver', question: 'Who approves this?' });
    const after = answered(text, question!.answer!, 'the finance team');
    expect(after).toBe(
      'Purchase requests are submitted with the amount. Then it is approved by the finance team.',
    );
    const again = await as('pia@example.com', 'POST', '/compile', { text: after });
    expect(again.body).toMatchObject({ deployable: true, questions: [], diagnostics: [] });
  });

  it('is ready when the work store and Temporal answer, and says which one does not', async () => {
    const ready = await fetch(`${stack().apiUrl}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ready: true,
      checks: { database: 'ok', temporal: 'ok' },
    });
    const down = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const api = await listen(
      createApp({ temporal: down, prisma: stack().prisma, taskQueue: stack().taskQueue, logger }),
      0,
    );
    try {
      const notReady = await fetch(`${api.url}/ready`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({
        ready: false,
        checks: { database: 'ok', temporal: 'unavailable' },
      });
    } finally {
      await api.close();
    }
  });
});
