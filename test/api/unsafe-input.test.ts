import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Step } from '../../src/dsl';
import { decideUpdate, type FlowRunState } from '../../src/workflows';
import { flowWith } from '../workflows/interpreter-harness';
import { withKey } from '../helpers/identity';
import { eventually, useTestStack } from '../helpers/stack';

type ApiErrorBody = { error: { code: string; message: string; details?: unknown } };

describe('the API on input that cannot be stored or parsed', () => {
  const { stack } = useTestStack();
  const url = (path: string) => `${stack().apiUrl}${path}`;
  const keys = new Map<string, string>();
  const keyOf = async (email?: string) => {
    if (email === undefined) return stack().adminKey;
    const key = keys.get(email) ?? (await stack().keyFor(email));
    keys.set(email, key);
    return key;
  };
  const post = async (path: string, body: unknown, as?: string, headers = {}) =>
    fetch(url(path), {
      method: 'POST',
      headers: { ...withKey(await keyOf(as)), ...headers },
      body: JSON.stringify(body),
    });
  const get = async (path: string) => fetch(url(path), { headers: withKey(await keyOf()) });

  async function expectError(res: Response, status: number, code: string) {
    const body = (await res.json()) as ApiErrorBody;
    expect({ status: res.status, code: body.error.code }).toEqual({ status, code });
    return body.error;
  }

  const paths = (details: unknown) => (details as { path: string }[]).map((d) => d.path);

  beforeAll(async () => {
    const flow = flowWith(
      [
        {
          type: 'approval',
          id: 'review',
          approvers: [{ type: 'person', email: 'cfo@example.com' }],
          mode: 'any',
        },
      ],
      'unsafe-input',
    );
    expect((await post('/flows', { flow })).status).toBe(201);
  });

  describe('text with a NUL or a lone surrogate', () => {
    let runs = 0;
    it.each([
      ['a NUL in the title', { title: 'Laptop\u0000' }, 'title'],
      ['a lone surrogate in the title', { title: 'Laptop \ud800' }, 'title'],
      ['a line break in the title', { title: 'Laptop\nfor Ann' }, 'title'],
      ['a NUL in a field value', { title: 'Laptop', fields: { note: 'a\u0000b' } }, 'fields.note'],
      [
        'a lone surrogate in a field value',
        { title: 'Laptop', fields: { note: '\udc00' } },
        'fields.note',
      ],
      [
        'a NUL in a field name',
        { title: 'Laptop', fields: { 'no\u0000te': 'x' } },
        'fields.no\u0000te',
      ],
    ])(
      'refuses %s of a run with 400 naming the field, and starts nothing',
      async (_, body, path) => {
        runs += 1;
        const key = `unsafe-${runs}`;
        const res = await post('/runs', body, undefined, { 'Idempotency-Key': key });
        const error = await expectError(res, 400, 'invalid_body');
        expect(paths(error.details)).toEqual([path]);
        await expect(stack().temporal.workflow.getHandle(`run-${key}`).describe()).rejects.toThrow(
          WorkflowNotFoundError,
        );
        expect(await stack().prisma.workItem.count({ where: { workflowId: `run-${key}` } })).toBe(
          0,
        );
      },
    );

    it('refuses a NUL in a field of a flow run, naming the field', async () => {
      const res = await post('/flows/unsafe-input/runs', {
        fields: { amount: 1, vendor: 'Ac\u0000me' },
      });
      expect(paths((await expectError(res, 400, 'invalid_body')).details)).toEqual([
        'fields.vendor',
      ]);
    });

    it('refuses a flow document with a NUL in any text, at its path', async () => {
      const steps: Step[] = [{ type: 'end', id: 'done', status: 'completed' }];
      const flow = { ...flowWith(steps, 'unsafe-doc'), description: 'bad\u0000' };
      const error = await expectError(await post('/flows', { flow }), 400, 'invalid_flow');
      expect(error.details).toEqual([
        expect.objectContaining({ code: 'schema-invalid-text', path: '$.description' }),
      ]);
      await expectError(await get('/flows/unsafe-doc'), 404, 'flow_not_found');
    });

    it('refuses a NUL in English to compile', async () => {
      const error = await expectError(
        await post('/flows', { text: 'Requests\u0000 go to the CFO.' }),
        400,
        'invalid_body',
      );
      expect(paths(error.details)).toEqual(['text']);
    });

    it('refuses a NUL in a decision comment, from the API and from a Temporal client, and the approval still waits', async () => {
      const started = await post(
        '/flows/unsafe-input/runs',
        { fields: { amount: 1 } },
        'ann@example.com',
      );
      expect(started.status).toBe(201);
      const { id } = (await started.json()) as { id: string };
      const state = () =>
        eventually(async () => {
          const res = await get(`/runs/${id}/state`);
          const body = (await res.json()) as FlowRunState;
          return body.current.some((c) => c.stepId === 'review') ? body : undefined;
        });
      await state();

      const decide = (comment: string) =>
        post(
          `/runs/${id}/steps/review/decide`,
          { decision: 'approve', comment },
          'cfo@example.com',
        );
      const error = await expectError(await decide('fine\u0000'), 400, 'invalid_body');
      expect(paths(error.details)).toEqual(['comment']);
      await expectError(await decide('fine \ud800'), 400, 'invalid_body');

      const direct = stack()
        .temporal.workflow.getHandle(id)
        .executeUpdate(decideUpdate, {
          args: [
            { stepId: 'review', actor: 'cfo@example.com', decision: 'approve', comment: 'x\u0000' },
          ],
        });
      await expect(direct).rejects.toThrow(WorkflowUpdateFailedError);
      await expect(direct).rejects.toMatchObject({
        cause: { message: 'comment contains a NUL character (U+0000) at position 1' },
      });

      const waiting = await state();
      expect(waiting.decisions).toEqual([]);
      expect(waiting.current).toEqual([
        expect.objectContaining({ pending: ['person:cfo@example.com'] }),
      ]);
      expect((await decide('fine,\nthanks')).status).toBe(200);
    });
  });

  describe('bodies that cannot be read', () => {
    const postRaw = async (headers: Record<string, string>, body: string) =>
      fetch(url('/runs'), {
        method: 'POST',
        headers: { ...withKey(await keyOf()), ...headers },
        body,
      });
    const json = JSON.stringify({ title: 'Laptop' });

    it('answers 415 for a charset other than UTF-8', async () => {
      const res = await postRaw({ 'content-type': 'application/json; charset=latin1' }, json);
      await expectError(res, 415, 'unsupported_charset');
    });

    it('answers 415 for an unknown Content-Encoding', async () => {
      await expectError(
        await postRaw({ 'content-encoding': 'br2' }, json),
        415,
        'unsupported_encoding',
      );
    });

    it('answers 400 for a body that is not what its Content-Encoding says', async () => {
      await expectError(
        await postRaw({ 'content-encoding': 'gzip' }, json),
        400,
        'unreadable_body',
      );
    });

    it('answers 415 for a body that is not JSON, naming the type expected', async () => {
      const error = await expectError(
        await postRaw({ 'content-type': 'text/plain' }, json),
        415,
        'unsupported_media_type',
      );
      expect(error.message).toContain('application/json');
    });
  });

  describe('path parameters', () => {
    it.each(['/flows/%', '/flows/%zz', '/flows/%ED%A0%80'])(
      'answers 400 for bad percent-encoding: %s',
      async (path) => {
        await expectError(await get(path), 400, 'invalid_path');
      },
    );

    it('answers 400 naming the parameter for a NUL, a control character or a long value', async () => {
      const nul = await expectError(await get('/runs/a%00b/state'), 400, 'invalid_path');
      expect(nul.message).toBe(
        'The path parameter "id" contains a NUL character (U+0000) at position 1',
      );
      const step = await expectError(
        await post('/runs/r/steps/a%07/decide', { decision: 'approve' }),
        400,
        'invalid_path',
      );
      expect(paths(step.details)).toEqual(['stepId']);
      await expectError(await get(`/flows/${'a'.repeat(65)}`), 400, 'invalid_path');
    });

    it('keeps answering ordinary requests while bad ids arrive at the same time', async () => {
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          get(i % 3 === 0 ? `/runs/run-${i}%00x/state` : `/runs/run-missing-${i}/state`).then(
            (res) => res.status,
          ),
        ),
      );
      expect(answers.filter((status, i) => i % 3 === 0 && status !== 400)).toEqual([]);
      expect(answers.filter((status, i) => i % 3 !== 0 && status !== 404)).toEqual([]);
    });
  });
});
