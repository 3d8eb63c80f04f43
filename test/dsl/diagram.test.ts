import { diagram, type Flow } from '../../src/dsl';
import { onboardingFlow, purchaseFlow, requestFlow } from './fixtures';

const edges = (chart: string) =>
  chart
    .split('\n')
    .map((line) => /^\s*(\S+) -->(?:\|"([^"]*)"\|)? (\S+)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, from, label, to]) => (label ? `${from} -${label}-> ${to}` : `${from} --> ${to}`));

describe('diagram', () => {
  it('draws a top-down flowchart from the trigger through every step to the end', () => {
    const chart = diagram(purchaseFlow);
    expect(chart.split('\n')[0]).toBe('flowchart TD');
    expect(edges(chart)).toEqual([
      'start --> s_manager_approval',
      's_manager_approval --> s_large_purchase',
      's_large_purchase -yes-> s_cfo_approval',
      's_cfo_approval --> s_when_rejected',
      's_large_purchase -no-> s_when_rejected',
      's_when_rejected -yes-> s_tell_requester',
      's_tell_requester --> s_close_rejected',
      's_when_rejected -no-> s_to_procurement',
      's_to_procurement --> done',
    ]);
  });

  it('puts time limits and their actions on the node that has them', () => {
    expect(diagram(purchaseFlow)).toContain(
      `s_manager_approval["Approval (any)<br/>the requester's manager<br/>timeout 2d → escalate:role:finance-director"]`,
    );
  });

  it('draws parallel branches as lanes between a fork and a join', () => {
    const chart = diagram(onboardingFlow);
    const lanes = chart.split('\n').filter((line) => line.trim().startsWith('subgraph '));
    expect(lanes).toHaveLength(2);
    const links = edges(chart);
    expect(links.filter((edge) => edge.startsWith('s_prepare -->'))).toHaveLength(2);
    expect(links.filter((edge) => edge.endsWith('--> s_prepare_join'))).toHaveLength(2);
  });

  it('loops a repeat back to its first step until the condition holds', () => {
    const flow: Flow = requestFlow([
      {
        type: 'repeat',
        id: 'hourly',
        every: 'PT1H',
        until: 'status == "resolved"',
        maxIterations: 24,
        steps: [{ type: 'notify', id: 'ping', to: [{ type: 'requester' }], message: 'Still open' }],
      },
    ]);
    const links = edges(diagram(flow));
    expect(links).toEqual([
      'start --> s_ping',
      's_ping --> s_hourly_until',
      's_hourly_until -no, after 1h-> s_ping',
      's_hourly_until -yes-> done',
    ]);
  });

  it('escapes quotes and angle brackets in labels', () => {
    const flow: Flow = requestFlow([
      {
        type: 'if',
        id: 'check',
        condition: 'status != "closed"',
        then: [{ type: 'end', id: 'stop', status: 'cancelled' }],
      },
    ]);
    const chart = diagram(flow);
    expect(chart).toContain('s_check{"status is not #quot;closed#quot;"}');
    expect(chart).not.toMatch(/\{"[^"\n]*"[^"\n]*"\}/);
  });

  it('gives an end step no way out', () => {
    const flow: Flow = requestFlow([{ type: 'end', id: 'stop', status: 'rejected' }]);
    expect(edges(diagram(flow))).toEqual(['start --> s_stop']);
  });
});
