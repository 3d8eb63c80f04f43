import { flowTimeZone, forEachStep, jsonPath } from '../../src/dsl';
import { onboardingFlow, purchaseFlow, weeklyReviewFlow } from './fixtures';

describe('forEachStep', () => {
  it('visits every step in document order with its JSON path', () => {
    const visited: string[] = [];
    forEachStep(onboardingFlow.steps, (step, path) => visited.push(`${step.id} ${jsonPath(path)}`));
    expect(visited).toEqual([
      'prepare $.steps[0]',
      'laptop $.steps[0].branches[0].steps[0]',
      'desk $.steps[0].branches[1].steps[0]',
      'tell_hiring_manager $.steps[1]',
    ]);
  });

  it('walks into if arms', () => {
    const ids: string[] = [];
    forEachStep(purchaseFlow.steps, (step) => ids.push(step.id));
    expect(ids).toEqual([
      'manager_approval',
      'large_purchase',
      'cfo_approval',
      'when_rejected',
      'tell_requester',
      'close_rejected',
      'to_procurement',
    ]);
  });
});

describe('jsonPath', () => {
  it('writes keys, indexes and odd keys', () => {
    expect(jsonPath([])).toBe('$');
    expect(jsonPath(['steps', 2, 'approvers', 0])).toBe('$.steps[2].approvers[0]');
    expect(jsonPath(['fields', 'two words'])).toBe('$.fields["two words"]');
  });
});

describe('flowTimeZone', () => {
  it('uses the flow zone, else the schedule zone, else UTC', () => {
    expect(flowTimeZone(weeklyReviewFlow)).toBe('Europe/London');
    expect(flowTimeZone({ ...weeklyReviewFlow, timeZone: 'Asia/Tokyo' })).toBe('Asia/Tokyo');
    expect(flowTimeZone(purchaseFlow)).toBe('UTC');
  });
});
