import { z } from 'zod';
import { SetWebhookRequest } from '../../webhooks';
import { NextCursor, PageQuery } from '../../pages';
import { BODY_ERRORS, Instant, SIGNED_IN_ERRORS, type RouteDoc } from '../route-doc';

const params = z.strictObject({
  party: z
    .string()
    .max(400)
    .describe('a party token: person:<email>, role:<role>, team:<team> or manager'),
});

/** A party's webhook endpoint; its signing secret is write-only. */
const WebhookView = z.strictObject({
  party: z.string(),
  url: z.url(),
  createdAt: Instant,
  updatedAt: Instant,
});

const example = {
  party: 'role:cfo',
  url: 'https://hooks.example.com/plainflow/cfo',
  createdAt: '2025-03-04T09:15:00.000Z',
  updatedAt: '2025-03-04T09:15:00.000Z',
};

/** Each party's webhook endpoint, where its notifications are sent: admins only. */
export const webhookRoutes: readonly RouteDoc[] = [
  {
    method: 'put',
    path: '/webhooks/:party',
    tag: 'Webhooks',
    summary: "Set where a party's notifications are sent, and the secret they are signed with",
    access: 'admin',
    params,
    body: SetWebhookRequest,
    bodyExample: {
      url: 'https://hooks.example.com/plainflow/cfo',
      secret: 'whsec-3f9a1c7e5b2d4f60',
    },
    responses: {
      200: { description: 'The endpoint as replaced', schema: WebhookView, example },
      201: { description: 'The new endpoint', schema: WebhookView, example },
    },
    errors: [
      ...SIGNED_IN_ERRORS,
      'forbidden',
      ...BODY_ERRORS,
      'invalid_party',
      'destination_refused',
    ],
  },
  {
    method: 'get',
    path: '/webhooks',
    tag: 'Webhooks',
    summary: 'List every webhook endpoint, by party, a page at a time',
    access: 'admin',
    query: PageQuery,
    responses: {
      200: {
        description: 'The endpoints',
        schema: z.strictObject({ webhooks: z.array(WebhookView), nextCursor: NextCursor }),
        example: { webhooks: [example], nextCursor: null },
      },
    },
    errors: ['invalid_query', ...SIGNED_IN_ERRORS, 'forbidden'],
  },
  {
    method: 'get',
    path: '/webhooks/:party',
    tag: 'Webhooks',
    summary: "Show a party's webhook endpoint",
    access: 'admin',
    params,
    responses: { 200: { description: 'The endpoint', schema: WebhookView, example } },
    errors: [...SIGNED_IN_ERRORS, 'forbidden', 'invalid_party', 'webhook_not_found'],
  },
  {
    method: 'delete',
    path: '/webhooks/:party',
    tag: 'Webhooks',
    summary: "Remove a party's webhook endpoint",
    access: 'admin',
    params,
    responses: { 204: { description: 'Removed' } },
    errors: [...SIGNED_IN_ERRORS, 'forbidden', 'invalid_party', 'webhook_not_found'],
  },
];
