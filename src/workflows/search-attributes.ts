import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Custom search attributes Plainflow keeps up to date on every run. */
export const FlowNameKey = defineSearchAttributeKey('FlowName', SearchAttributeType.KEYWORD);
export const FlowVersionKey = defineSearchAttributeKey('FlowVersion', SearchAttributeType.KEYWORD);
export const WorkItemIdKey = defineSearchAttributeKey('WorkItemId', SearchAttributeType.KEYWORD);
export const PendingAssigneesKey = defineSearchAttributeKey(
  'PendingAssignees',
  SearchAttributeType.KEYWORD_LIST,
);
export const FlowStatusKey = defineSearchAttributeKey('FlowStatus', SearchAttributeType.KEYWORD);

/** Every custom key, for registering them on a Temporal server. */
export const customSearchAttributeKeys = [
  FlowNameKey,
  FlowVersionKey,
  WorkItemIdKey,
  PendingAssigneesKey,
  FlowStatusKey,
] as const;
