import type { ApprovalMode, Decision } from '../../dsl';

/** The approvers deciding an approval now: the listed ones, or whoever it was escalated to. */
export interface ApprovalPanel {
  mode: ApprovalMode;
  quorum: number | undefined;
  /** One party token per approver slot. */
  tokens: string[];
  /** The open task of each slot, once opened. */
  taskIds: (string | undefined)[];
  votes: { slot: number; actor: string; decision: Decision }[];
}

/**
 * The outcome the votes reach, if any: `any` takes the first decision; `all` needs every
 * approval (one rejection rejects); `quorum` needs `quorum` approvals (rejected once that is
 * out of reach); `sequence` goes in order, and one rejection rejects.
 */
export function approvalOutcome(panel: ApprovalPanel): Decision | undefined {
  const approvals = panel.votes.filter((v) => v.decision === 'approved').length;
  const rejections = panel.votes.length - approvals;
  const slots = panel.tokens.length;
  switch (panel.mode) {
    case 'any':
      return panel.votes[0]?.decision;
    case 'all':
    case 'sequence':
      if (rejections > 0) return 'rejected';
      return approvals === slots ? 'approved' : undefined;
    case 'quorum': {
      const needed = Math.min(panel.quorum ?? slots, slots);
      if (approvals >= needed) return 'approved';
      return slots - rejections < needed ? 'rejected' : undefined;
    }
  }
}

/** The slots that may decide now: undecided, with an open task (in a sequence, only the next). */
export function pendingSlots(panel: ApprovalPanel): number[] {
  if (approvalOutcome(panel) !== undefined) return [];
  const decided = new Set(panel.votes.map((v) => v.slot));
  const open = panel.tokens
    .map((_token, slot) => slot)
    .filter((slot) => !decided.has(slot) && panel.taskIds[slot] !== undefined);
  return panel.mode === 'sequence' ? open.slice(0, 1) : open;
}
