import type { Flow } from '../dsl';
import type { PrismaClient } from '../generated/prisma/client';

/** A stored version of a flow. */
export interface StoredFlowVersion {
  name: string;
  version: number;
  flow: Flow;
  sourceText: string | null;
}

/** What else a stored version records, and work to do before it commits. */
export interface StoreOptions {
  /** The English the flow was compiled from. */
  sourceText?: string;
  /** Runs once the version row is written, inside the transaction. */
  beforeCommit?: (stored: StoredFlowVersion) => Promise<unknown>;
  /** Who deploys it; on a new flow, also its creator. */
  deployedBy?: string;
}

// Room for a `beforeCommit` that waits on another service (it bounds its own wait).
const STORE_TRANSACTION = { timeout: 30_000 };

/**
 * Stores `flow` as the next version of its name (creating the flow on first deploy); the
 * stored document carries that version number. Two deploys at once: one fails on the unique
 * (flow, version) key rather than both getting the same number. `beforeCommit` runs once the
 * version row is written, inside the transaction: when it throws, nothing is stored.
 */
export async function storeFlowVersion(
  prisma: PrismaClient,
  flow: Flow,
  { sourceText, beforeCommit, deployedBy }: StoreOptions = {},
): Promise<StoredFlowVersion> {
  return prisma.$transaction(async (tx) => {
    const definition = await tx.flowDefinition.upsert({
      where: { name: flow.name },
      create: {
        name: flow.name,
        description: flow.description,
        ownerTeam: flow.ownerTeam,
        createdBy: deployedBy ?? null,
      },
      update: { description: flow.description, ownerTeam: flow.ownerTeam },
    });
    const last = await tx.flowVersion.findFirst({
      where: { flowId: definition.id },
      orderBy: { version: 'desc' },
      select: { version: true },
    });
    const version = (last?.version ?? 0) + 1;
    const stored: Flow = { ...flow, version };
    await tx.flowVersion.create({
      data: {
        flowId: definition.id,
        version,
        definition: stored,
        sourceText: sourceText ?? null,
        deployedBy: deployedBy ?? null,
      },
    });
    const result = { name: flow.name, version, flow: stored, sourceText: sourceText ?? null };
    await beforeCommit?.(result);
    return result;
  }, STORE_TRANSACTION);
}

/** The latest stored version of a flow, as JSON to be parsed again by the caller; null if none. */
export async function latestFlowVersion(prisma: PrismaClient, name: string) {
  return prisma.flowVersion.findFirst({
    where: { flow: { name } },
    orderBy: { version: 'desc' },
    select: { version: true, definition: true, sourceText: true, createdAt: true },
  });
}
