import { ApplicationFailure } from '@temporalio/common';
import { parseAllowList, resolveDestination } from '../../src/activities/destinations';

describe('resolving a call destination', () => {
  const destinations = [
    { name: 'crm', url: 'https://crm.example.com/api/v1' },
    { name: 'root', url: 'https://root.example.com' },
  ];

  const refusal = (fn: () => unknown): ApplicationFailure => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(ApplicationFailure);
      expect((error as ApplicationFailure).type).toBe('DestinationNotAllowed');
      expect((error as ApplicationFailure).nonRetryable).toBe(true);
      return error as ApplicationFailure;
    }
    throw new Error('not refused');
  };

  it('appends the path to the base URL, keeping a query', () => {
    expect(resolveDestination(destinations, 'crm', '/deals?x=1').href).toBe(
      'https://crm.example.com/api/v1/deals?x=1',
    );
    expect(resolveDestination(destinations, 'root', '/').href).toBe('https://root.example.com/');
  });

  it('refuses unknown names and paths that climb out of the base, however spelled', () => {
    expect(refusal(() => resolveDestination(destinations, 'erp', '/x')).message).toBe(
      `destination "erp" is not among the flow's destinations`,
    );
    for (const path of ['/../admin', '/%2e%2e/admin', '/a/../../v2', '/..\\admin']) {
      expect(refusal(() => resolveDestination(destinations, 'crm', path)).message).toContain(
        'leaves destination "crm"',
      );
    }
    expect(refusal(() => resolveDestination(destinations, 'crm', 'x')).message).toContain(
      'does not start with /',
    );
    expect(resolveDestination(destinations, 'crm', '/a/../b').pathname).toBe('/api/v1/b');
  });

  it("limits destinations to the operator's prefixes when there are any", () => {
    const allowList = parseAllowList(' https://crm.example.com/api , ,http://127.0.0.1:9 ');
    expect(allowList).toEqual(['https://crm.example.com/api', 'http://127.0.0.1:9']);
    expect(resolveDestination(destinations, 'crm', '/d', allowList).host).toBe('crm.example.com');
    expect(refusal(() => resolveDestination(destinations, 'root', '/', allowList)).message).toBe(
      `destination "root" (https://root.example.com/) is not on the operator's allow-list`,
    );
    expect(
      refusal(() =>
        resolveDestination([{ name: 'x', url: 'https://crm.example.com/apix' }], 'x', '/', [
          'https://crm.example.com/api',
        ]),
      ).message,
    ).toContain("not on the operator's allow-list");
    expect(parseAllowList(undefined)).toEqual([]);
  });
});
