import fc from 'fast-check';
import { compile } from '../../src/nl-compiler/compile';

const outlineOf = (text: string) => {
  const result = compile(text);
  return { lines: result.outline, codes: result.diagnostics.map((d) => d.code) };
};

describe('the English compiler, construct by construct', () => {
  it.each([
    [
      'intake fields and their types',
      'Laptop requests are submitted with the model, the price, a delivery date, a contact email and an optional spec link. The IT team orders the laptop.',
      [
        'trigger request',
        'field model text',
        'field price money',
        'field delivery_date date',
        'field contact_email email',
        'field spec_link url optional',
        'task to=team:it',
      ],
    ],
    [
      'a choice field',
      'When a defect is filed with a title and a priority level (low, medium or high), the QA team reviews it.',
      ['trigger request', 'field title text', 'field priority_level choice', 'task to=team:qa'],
    ],
    [
      'a weekly schedule with a zone',
      'Every Thursday at 3pm Pacific, the payroll team must check the timesheets within 6 hours.',
      [
        'trigger schedule cron="0 15 * * THU" tz=America/Los_Angeles',
        'task to=team:payroll due=6h',
      ],
    ],
    [
      'a monthly schedule',
      'On the 15th of each month at 9am, remind the accounting team to close the books.',
      ['trigger schedule cron="0 9 15 * *"', 'notify to=team:accounting'],
    ],
    [
      'approval with timeout and escalation',
      'When a travel request comes in, the requester’s manager must approve it within 3 days, otherwise escalate to the travel director.',
      ['trigger request', 'approval any to=manager timeout=3d then=escalate:role:travel-director'],
    ],
    [
      'approval by all, passive phrasing',
      'Vendor contracts must be approved by legal and procurement.',
      ['trigger manual', 'approval all to=team:legal,team:procurement'],
    ],
    [
      'quorum in words',
      'Any three members of the risk committee must approve.',
      ['trigger manual', 'approval quorum:3 to=team:risk-committee'],
    ],
    [
      'approval in sequence',
      'A hiring request goes to the recruiter, then the department head, then the CFO for approval, one after another.',
      ['trigger request', 'approval sequence to=role:recruiter,role:department-head,role:cfo'],
    ],
    [
      'auto-approve on timeout',
      'Time-off requests go to the team lead for approval. If there is no answer within 2 business days, approve it automatically.',
      ['trigger request', 'approval any to=role:team-lead timeout=2bd then=approve'],
    ],
    [
      'a reminder and a later escalation',
      'New hires need sign-off from the hiring manager. If they have not responded after 2 days, send them a reminder; after 4 days, escalate to the head of people.',
      [
        'trigger request',
        'approval any to=role:hiring-manager remind=2d timeout=4d then=escalate:role:head-of-people',
      ],
    ],
    [
      'a handoff with acceptance and hand-back',
      'When a lead is qualified, marketing hands it over to the sales team, who must accept it within 2 days, otherwise it goes back to the marketing manager.',
      ['trigger request', 'handoff to=team:sales accept=2d then=reassign:role:marketing-manager'],
    ],
    [
      'a task with a due date and an escalation',
      'When a payment fails, the billing team must contact the customer within 1 business day. If it is not done by then, escalate to the billing manager.',
      ['trigger request', 'task to=team:billing due=1bd then=escalate:role:billing-manager'],
    ],
    [
      'field updates',
      'When an outage is reported, set the priority to urgent, mark it as investigating and notify the SRE team.',
      ['trigger request', 'set priority=urgent', 'set status=investigating', 'notify to=team:sre'],
    ],
    [
      'a wait for a duration then a task',
      'After an order ships, wait 5 days and then ask the support team to check in with the customer.',
      ['trigger request', 'wait 5d', 'task to=team:support'],
    ],
    [
      'a wait for an event with a timeout',
      'When a quote is sent, wait up to 7 days for the quote-accepted event. If it does not arrive in time, notify the account manager.',
      [
        'trigger request',
        'wait event=quote-accepted timeout=1w',
        'if timed_out',
        '  notify to=role:account-manager',
      ],
    ],
    [
      'a money condition and otherwise',
      'Purchase orders are submitted with the supplier and the total. If the total is at least $25,000, the CFO must approve. Otherwise notify the purchasing team.',
      [
        'trigger request',
        'field supplier text',
        'field total money',
        'if total >= 25000',
        '  approval any to=role:cfo',
        'else',
        '  notify to=team:purchasing',
      ],
    ],
    [
      'outcomes and ending as rejected',
      'The compliance officer approves the policy change. If rejected, tell the requester and close it.',
      [
        'trigger manual',
        'approval any to=role:compliance-officer',
        'if rejected',
        '  notify to=requester',
        '  end rejected',
      ],
    ],
    [
      'parallel work',
      'When a new office opens, IT installs the network and facilities orders the furniture in parallel. When both are done, notify the office manager.',
      [
        'trigger request',
        'parallel',
        '  branch',
        '    task to=team:it',
        '  branch',
        '    task to=team:facilities',
        'notify to=role:office-manager',
      ],
    ],
    [
      'repeat until',
      'When a server goes down, every 30 minutes notify the on-call engineer until the status is restored.',
      [
        'trigger request',
        'repeat every=30m until status == restored',
        '  notify to=role:on-call-engineer',
      ],
    ],
    [
      'ending as cancelled',
      'When a subscription is cancelled, set the status to closed, notify the billing team and end the flow as cancelled.',
      ['trigger request', 'set status=closed', 'notify to=team:billing', 'end cancelled'],
    ],
    [
      'a person by email',
      'Every weekday at 7am, send the sales dashboard to cro@example.com.',
      ['trigger schedule cron="0 7 * * 1-5"', 'notify to=person:cro@example.com'],
    ],
    [
      'a passive notification joined by "and"',
      'When a badge request is submitted, IT prints the badge within 2 hours and the requester is notified.',
      ['trigger request', 'task to=team:it due=2h', 'notify to=requester'],
    ],
    [
      'a condition carried by the subject',
      'Training requests are submitted with the course and the cost. The manager approves. Requests costing more than $3,000 also need the HR director’s approval.',
      [
        'trigger request',
        'field course text',
        'field cost money',
        'approval any to=manager',
        'if cost > 3000',
        '  approval any to=role:hr-director',
      ],
    ],
    [
      'a time budget ("has ninety minutes to")',
      'The support team has ninety minutes to respond. If they don’t, escalate to the support manager.',
      ['trigger manual', 'task to=team:support due=90m then=escalate:role:support-manager'],
    ],
    [
      'acceptance said in a sentence of its own',
      'Hand it to the vendor team. They need to accept it within 3 days; if they don’t, it goes back to the requester.',
      ['trigger manual', 'handoff to=team:vendor accept=3d then=reassign:requester'],
    ],
    [
      'a heading before the sentence',
      'Escalations: when a P1 ticket is created, page the on-call engineer and notify the incident commander at the same time.',
      [
        'trigger request',
        'parallel',
        '  branch',
        '    notify to=role:on-call-engineer',
        '  branch',
        '    notify to=role:incident-commander',
      ],
    ],
    [
      'passive review and approval, a passive "also" approval and a passive handoff',
      'Purchases are submitted with the item and the cost. The request is reviewed by their line manager, who approves or rejects it within 3 working days. Purchases above $5,000 must also be approved by the finance director. Rejected requests are closed. Approved requests are handed over to the purchasing team.',
      [
        'trigger request',
        'field item text',
        'field cost money',
        'approval any to=manager timeout=3bd',
        'if cost > 5000',
        '  approval any to=role:finance-director',
        'if rejected',
        '  end rejected',
        'handoff to=team:purchasing',
      ],
    ],
    [
      'two subjects joined by "and"; signing off is approving',
      'The CFO reviews the board pack and the CEO signs it off.',
      ['trigger manual', 'task to=role:cfo', 'approval any to=role:ceo'],
    ],
    [
      'a sentence that runs at the same time as the one before',
      'HR creates the employee record. At the same time, IT prepares a laptop. Once everything is ready, the hiring manager is notified.',
      [
        'trigger manual',
        'parallel',
        '  branch',
        '    task to=team:hr',
        '  branch',
        '    task to=team:it',
        'notify to=role:hiring-manager',
      ],
    ],
    [
      'a named task with a due date and a missed-deadline notice',
      'When a contract is about to expire, the account owner gets a renewal task due in 2 weeks. If they miss it, the sales director is told.',
      [
        'trigger request',
        'task to=role:account-owner due=2w',
        'if timed_out',
        '  notify to=role:sales-director',
      ],
    ],
    [
      'a repeat until a status',
      'When an outage starts, every 15 minutes notify the support team until it is resolved.',
      ['trigger request', 'repeat every=15m until status == resolved', '  notify to=team:support'],
    ],
    [
      'starting another flow, waiting or not',
      'When a hire is confirmed, start the laptop provisioning flow and wait for it to finish. Then start the badge request process.',
      ['trigger request', 'subflow laptop-provisioning wait', 'subflow badge-request'],
    ],
    [
      'a count without "any", and numbers in words',
      'Every new supplier needs sign-off from two members of the procurement team within ninety days.',
      ['trigger manual', 'approval quorum:2 to=team:procurement timeout=90d'],
    ],
    [
      '"goes to" someone, and the outcome as "if they approve"',
      'Vacation requests go to the employee’s manager. If they approve, HR records the leave. If they reject it, let the employee know.',
      [
        'trigger request',
        'approval any to=manager',
        'if approved',
        '  task to=team:hr',
        'if rejected',
        '  notify to=requester',
      ],
    ],
    [
      'routing to a team "who must" do the work',
      'When a maintenance request comes in, it is routed to the facilities team, who must fix it within 1 business day.',
      ['trigger request', 'task to=team:facilities due=1bd'],
    ],
    [
      'a wait before the next action, said with a gerund',
      'When a customer signs up, notify the customer success team and wait 7 days before asking them to schedule a check-in call.',
      [
        'trigger request',
        'notify to=team:customer-success',
        'wait 1w',
        'task to=team:customer-success',
      ],
    ],
    [
      'a task not finished within a time',
      'On the 5th of every month at 2pm, the controller reconciles the bank accounts. If the task is not finished within 2 days, it escalates to the CFO.',
      [
        'trigger schedule cron="0 14 5 * *"',
        'task to=role:controller due=2d then=escalate:role:cfo',
      ],
    ],
    [
      '"or it goes to" someone as the escalation',
      'Finance has to approve the expense within two business days or it goes to the controller.',
      ['trigger manual', 'approval any to=team:finance timeout=2bd then=escalate:role:controller'],
    ],
    [
      'a sequence said with "and then"',
      'Marketing campaigns need approval from the brand manager and then the marketing director.',
      ['trigger manual', 'approval sequence to=role:brand-manager,role:marketing-director'],
    ],
    [
      'a handoff not accepted in time, with a notice',
      'When a deal closes, sales hands it to customer success. If they do not accept within two days, notify the sales manager.',
      [
        'trigger request',
        'handoff to=team:customer-success accept=2d',
        'if timed_out',
        '  notify to=role:sales-manager',
      ],
    ],
  ])('compiles %s', (_family, text, expected) => {
    const { lines, codes } = outlineOf(text);
    expect(codes).toEqual([]);
    expect(lines).toEqual(expected);
  });
});

describe('what the compiler cannot understand', () => {
  it('reports every unsupported clause with its span, and compiles the rest', () => {
    const text =
      'When an invoice arrives, the controller approves it. Then print it and fax it to the bank.';
    const result = compile(text);
    expect(result.outline).toEqual(['trigger request', 'approval any to=role:controller']);
    const problems = [...result.diagnostics, ...result.questions];
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(text.slice(problem.span.start, problem.span.end)).toMatch(/print it and fax it/);
    }
  });

  it('asks who approves when nobody is named', () => {
    const result = compile('Then it gets approved.');
    expect(result.flow).toBeUndefined();
    expect(result.questions).toEqual([expect.objectContaining({ code: 'missing-approver' })]);
  });

  it('refuses a vague party instead of inventing one', () => {
    const result = compile('Send it to the right people for approval.');
    expect(result.flow).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['vague-party']);
  });

  it('says so when a schedule it cannot express was asked for, instead of guessing', () => {
    const result = compile(
      'On the first Monday of every month at 9am, the security team audits the admin accounts.',
    );
    expect(result.diagnostics.map((d) => d.code)).toContain('unsupported-schedule');
    expect(result.outline[0]).not.toMatch(/^trigger schedule/);
    const working = compile(
      'On the last working day of each month, the payroll team checks the timesheets.',
    );
    expect(working.diagnostics.map((d) => d.code)).toContain('unsupported-schedule');
  });

  it('warns when a task was asked of several people but goes to one', () => {
    const result = compile('Two senior engineers must review the change.');
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'count-ignored', severity: 'warning' }),
    ]);
  });

  it('does not take a noun for a party doing work ("our procurement process works …")', () => {
    const result = compile('Our procurement process works like this. The finance team approves.');
    expect(result.outline).toEqual(['trigger manual', 'approval any to=team:finance']);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['unknown-verb']);
  });

  it('reports a sentence that changed nothing, with its span', () => {
    const text =
      'The finance team must approve within 2 days, otherwise escalate to the CFO. Otherwise escalate to the CFO.';
    const result = compile(text);
    expect(result.outline).toEqual([
      'trigger manual',
      'approval any to=team:finance timeout=2d then=escalate:role:cfo',
    ]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'ignored-sentence', span: { start: 86, end: 105 } }),
    ]);
  });

  it('adds the amount a condition names when no field holds it, says so, and keeps every approver', () => {
    const result = compile('Bonus requests over $5,000 need approval from the CFO and the CEO.');
    expect(result.outline).toEqual([
      'trigger request',
      'field amount money',
      'if amount > 5000',
      '  approval all to=role:cfo,role:ceo',
    ]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'assumed-field', severity: 'warning' }),
    ]);
  });

  it('reports what comes after "otherwise" when it cannot be placed', () => {
    const text = 'The CFO must approve within 2 days or else consult the stars.';
    const result = compile(text);
    expect(result.outline).toEqual(['trigger manual', 'approval any to=role:cfo timeout=2d']);
    const [problem] = result.diagnostics;
    expect(problem).toMatchObject({ code: 'unread-words', severity: 'error' });
    expect(text.slice(problem?.span.start, problem?.span.end)).toBe('consult the stars');
  });

  it('reports a request that is not a flow at all', () => {
    const result = compile('Use machine learning to predict the best supplier.');
    expect(result.flow).toBeUndefined();
    expect(result.diagnostics[0]).toMatchObject({ code: 'unknown-verb', severity: 'error' });
  });

  it('never drops a description silently: it compiles or it says why', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const result = compile(text);
        const said = result.diagnostics.length + result.questions.length;
        expect(result.flow !== undefined || said > 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('compiled flows', () => {
  const text =
    'When a purchase request is submitted with the vendor and the amount, the requester’s manager must approve it within 2 days. If the amount is over $5,000, the CFO must also approve.';

  it('carry the span of the English each step came from', () => {
    const result = compile(text);
    const spans = Object.values(result.spans).map((span) => text.slice(span.start, span.end));
    expect(spans).toEqual([
      'the requester’s manager must approve it within 2 days',
      'If the amount is over $5,000, the CFO must also approve',
      'the CFO must also approve',
    ]);
  });

  it('always verify, and come with an explanation and an outline', () => {
    const result = compile(text);
    expect(result.flow).toBeDefined();
    expect(result.explanation.some((line) => line.startsWith('1. Approval by'))).toBe(true);
    expect(result.outline[0]).toBe('trigger request');
  });

  it('are the same for the same text', () => {
    expect(JSON.stringify(compile(text))).toBe(JSON.stringify(compile(text)));
  });
});
