import { z } from 'zod';
import type { PrismaClient } from '../db/prisma';
import { Prisma } from '../generated/prisma/client';

/** What a `watcher.flagged` audit event records (see `raiseFlags`). */
const FlagData = z.object({
  step: z.string(),
  task: z.string(),
  reason: z.enum(['overdue', 'due_at_risk', 'deadline_at_risk']),
  predictedAt: z.string().nullable().optional(),
  because: z.string(),
  recipients: z.array(z.string()),
});

/** A flag the watcher raised, and where the work it is about stands now. */
export interface RaisedFlag {
  at: string;
  runId: string;
  workItemId: string;
  title: string;
  flow: string;
  step: string;
  taskId: string;
  reason: z.infer<typeof FlagData>['reason'];
  because: string;
  predictedAt: string | null;
  recipients: string[];
  /** Whether the flagged task is still open, and who holds it now. */
  open: boolean;
  holder: string | null;
}

interface FlagRow {
  at: Date;
  data: unknown;
  work_item_id: string;
  workflow_id: string;
  flow_name: string;
  title: string;
  status: string | null;
  assignee: string | null;
}

/**
 * The watcher's flags, newest first: of one flow, and only those whose work is still open, when
 * asked. Flags are `watcher.flagged` audit events, read through their (action, time) index; a
 * flag's task is joined by the id it records.
 */
export async function raisedFlags(
  prisma: PrismaClient,
  { flow, open, limit }: { flow?: string | undefined; open: boolean; limit: number },
): Promise<RaisedFlag[]> {
  const rows = await prisma.$queryRaw<FlagRow[]>`
    SELECT e.created_at AS at, e.data, w.id AS work_item_id, w.workflow_id, w.flow_name, w.title,
           t.status, t.assignee
      FROM audit_events e
      JOIN work_items w ON w.id = e.work_item_id
      LEFT JOIN tasks t ON t.work_item_id = e.work_item_id AND t.id::text = e.data->>'task'
     WHERE e.action = 'watcher.flagged'
       ${flow === undefined ? Prisma.empty : Prisma.sql`AND w.flow_name = ${flow}`}
       ${open ? Prisma.sql`AND t.status = 'open'` : Prisma.empty}
     ORDER BY e.created_at DESC, e.id DESC
     LIMIT ${limit}`;
  return rows.flatMap((row) => {
    // Every flag is written by `raiseFlags` in this shape; one that is not is not a flag to show.
    const data = FlagData.safeParse(row.data);
    if (!data.success) return [];
    return [
      {
        at: row.at.toISOString(),
        runId: row.workflow_id,
        workItemId: row.work_item_id,
        title: row.title,
        flow: row.flow_name,
        step: data.data.step,
        taskId: data.data.task,
        reason: data.data.reason,
        because: data.data.because,
        predictedAt: data.data.predictedAt ?? null,
        recipients: data.data.recipients,
        open: row.status === 'open',
        holder: row.status === 'open' ? row.assignee : null,
      },
    ];
  });
}
