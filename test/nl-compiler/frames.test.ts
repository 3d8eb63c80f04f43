import fc from 'fast-check';
import { compile } from '../../src/nl-compiler/compile';
import { VERBS, verbClassesOf } from '../../src/nl-compiler/lexicon/verb-classes';

const outline = (text: string) => compile(text).outline;
const problems = (text: string) => {
  const result = compile(text);
  return [...result.diagnostics, ...result.questions].map((p) => p.code);
};

describe('verb classes', () => {
  it('are data: every verb of a class is read as that class, in any tense', () => {
    expect(verbClassesOf('sign off')).toContain('approve');
    expect(verbClassesOf('green-light')).toContain('approve');
    expect(verbClassesOf('hand over')).toContain('handoff');
    expect(verbClassesOf('let know')).toContain('notify');
    expect(verbClassesOf('teleport')).toEqual([]);
    for (const verb of VERBS.approve.filter((v) => !v.includes(' ') && !v.includes('-'))) {
      expect(outline(`The treasurer must ${verb} the payment.`)).toEqual([
        'trigger manual',
        'approval any to=role:treasurer',
      ]);
    }
  });

  it('take a next approver from a bare name only when a word carries the approval on', () => {
    for (const text of [
      'The treasurer must sign off. Then the auditor.',
      'The treasurer must sign off, then the auditor.',
      'The treasurer must sign off.\nAfter that the auditor.',
    ]) {
      expect(outline(text)).toEqual([
        'trigger manual',
        'approval sequence to=role:treasurer,role:auditor',
      ]);
    }
    // A sentence that only names someone, or holds words no class knows, is not an approver.
    expect(outline('The treasurer must sign off. The auditor.')).toEqual([
      'trigger manual',
      'approval any to=role:treasurer',
    ]);
    expect(problems('The treasurer must sign off. The auditor.')).toEqual(['unrecognized-clause']);
    expect(problems('The treasurer must sign off within a day. Zorble the gadget.')).toEqual([
      'unknown-verb',
    ]);
    // "then the auditor zorbles the gadget" says more than a name: its verb is flagged, and the
    // auditor is not taken for a second approver.
    for (const text of [
      'The treasurer must sign off. Then the auditor zorbles the gadget.',
      'The treasurer must sign off, then the auditor zorbles the gadget.',
      'The treasurer must sign off, then the auditor places the order.',
    ]) {
      expect(outline(text)).toEqual(['trigger manual', 'approval any to=role:treasurer']);
      expect(problems(text)).toHaveLength(1);
    }
    expect(
      outline('The treasurer must sign off, then the head of the unit, then the dean.'),
    ).toEqual([
      'trigger manual',
      'approval sequence to=role:treasurer,role:head-of-the-unit,role:dean',
    ]);
  });

  it('read who submits, said in the passive, as the intake and not as a step', () => {
    expect(outline('Tickets are submitted by customers. The support team fixes it.')).toEqual([
      'trigger request',
      'task to=team:support',
    ]);
    expect(
      outline('Employees request a new laptop. IT orders it. Then tell the employee.'),
    ).toEqual(['trigger request', 'task to=team:it', 'notify to=requester']);
    expect(outline('Customers report a fault. Support triages it within 4 hours.')).toEqual([
      'trigger request',
      'task to=team:support due=4h',
    ]);
    // The submitters are the requester: "their manager" is the employee's, and so is "the employee".
    expect(
      outline(
        'Requests are raised by employees. Their manager approves it. Then notify the employee.',
      ),
    ).toEqual(['trigger request', 'approval any to=manager', 'notify to=requester']);
  });

  it('read how a team hands its work out, and warn where no team takes it', () => {
    const assigneeOf = (text: string) => {
      const [step] = compile(text).flow?.steps ?? [];
      return step && 'assignee' in step ? step.assignee : step && 'to' in step ? step.to : step;
    };
    expect(assigneeOf('The support team fixes each fault, assigned round-robin.')).toEqual({
      type: 'team',
      team: 'support',
      assignment: 'round_robin',
    });
    expect(assigneeOf('Each fault goes to the support team, to the least busy member.')).toEqual({
      type: 'team',
      team: 'support',
      assignment: 'least_loaded',
    });
    // The words say who gets the work, not what it is.
    expect(
      compile('The support team fixes each fault, assigned round-robin.').flow?.steps[0],
    ).toMatchObject({
      title: 'Fixes each fault',
    });
    expect(assigneeOf('The support team fixes each fault.')).toEqual({
      type: 'team',
      team: 'support',
    });
    const role = compile('The duty engineer fixes each fault, in rotation.');
    expect(role.outline).toEqual(['trigger manual', 'task to=role:duty-engineer']);
    expect(role.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['assignment-without-team', 'warning'],
    ]);
  });

  it('read that team work may move off people away or swamped, as no step of its own', () => {
    for (const text of [
      'The support team fixes each fault. If an agent is away or swamped, their faults move to a teammate.',
      'The support team fixes each fault. Work is rebalanced while someone is on leave.',
    ]) {
      const result = compile(text);
      expect(result.flow?.rebalance).toBe(true);
      expect(result.outline).toEqual(['trigger manual', 'task to=team:support']);
      expect(result.diagnostics).toEqual([]);
      expect(result.explanation.join(' ')).toContain('The watcher may move team work');
    }
    // An absence with no one else named to take over is a condition, not rebalancing.
    expect(
      compile('The manager approves. If the manager is on leave, it goes to the deputy.').flow
        ?.rebalance,
    ).toBeUndefined();
    // Said of a flow whose work goes to no team, it is a warning: nothing could move.
    const lone = compile(
      'The duty engineer fixes each fault. If they are away, it passes to a colleague.',
    );
    expect(lone.flow?.rebalance).toBe(true);
    expect(lone.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['rebalance-without-team', 'warning'],
    ]);
  });

  it('read "if granted", "once authorised" as the approval before being given', () => {
    for (const word of ['granted', 'authorised', 'endorsed']) {
      expect(
        outline(
          `Leave requests come in. The duty manager decides. If ${word}, HR updates the rota.`,
        ),
      ).toEqual([
        'trigger request',
        'approval any to=role:duty-manager',
        'if approved',
        '  task to=team:hr',
      ]);
    }
  });

  it('read the requester getting a reply or a confirmation as being told, not as their task', () => {
    for (const noun of ['a written reply', 'a confirmation', 'a letter']) {
      expect(
        outline(`Staff log a fault. The ops team fixes it. The requester gets ${noun}.`),
      ).toEqual(['trigger request', 'field fault text', 'task to=team:ops', 'notify to=requester']);
    }
  });

  it('read "under that", "above this" after a condition as its other case', () => {
    expect(
      outline(
        'Orders over $10,000 need the director and procurement to approve. Under that, the director alone approves.',
      ),
    ).toEqual([
      'trigger request',
      'field amount money',
      'if amount > 10000',
      '  approval all to=role:director,team:procurement',
      'else',
      '  approval any to=role:director',
    ]);
  });

  it('flag "everything else" with no condition before it, instead of a step that always runs', () => {
    const text =
      'Support triages each fault. Urgent faults are handed to the on-call engineer. Everything else goes to the product team.';
    const result = compile(text);
    expect(result.outline).not.toContain('handoff to=team:product');
    expect(
      result.diagnostics.map((d) => [d.code, d.severity, text.slice(d.span.start, d.span.end)]),
    ).toEqual([['else-without-condition', 'error', 'Everything else goes to the product team']]);
  });

  it('flag a verb no class knows instead of making it a task', () => {
    const result = compile('The archivist transmogrifies the ledger within a day.');
    expect(result.outline).toEqual([]);
    expect(result.diagnostics[0]).toMatchObject({ code: 'unknown-verb' });
  });

  it('read the noun forms of an act: "needs approval from", "the owner’s sign-off"', () => {
    expect(outline('Each order needs approval from the warehouse lead.')).toEqual([
      'trigger request',
      'approval any to=role:warehouse-lead',
    ]);
    expect(outline('Every order needs the warehouse lead’s sign-off.')).toEqual([
      'trigger request',
      'approval any to=role:warehouse-lead',
    ]);
  });
});

describe('paraphrases', () => {
  const approver = fc.constantFrom('the treasurer', 'the plant controller', 'the safety officer');
  const verb = fc.constantFrom(
    ['approve', 'approved'],
    ['sign off', 'signed off'],
    ['endorse', 'endorsed'],
    ['authorise', 'authorised'],
  );
  const days = fc.integer({ min: 2, max: 9 });

  it('give the same outline in the active and passive voice, with the time limit anywhere', () => {
    fc.assert(
      fc.property(approver, verb, days, (who, [base, participle], n) => {
        const active = outline(`${who} must ${base} the payment within ${n} days.`);
        const passive = outline(`The payment must be ${participle} by ${who} within ${n} days.`);
        const fronted = outline(`Within ${n} days, ${who} must ${base} the payment.`);
        expect(active.length).toBe(2);
        expect(passive).toEqual(active);
        expect(fronted).toEqual(active);
      }),
      { numRuns: 40 },
    );
  });

  it('give the same escalation whether it follows a comma, "or" or a sentence of its own', () => {
    const expected = [
      'trigger manual',
      'approval any to=role:treasurer timeout=3d then=escalate:role:finance-director',
    ];
    expect(
      outline(
        'The treasurer must approve the payment within 3 days, otherwise escalate to the finance director.',
      ),
    ).toEqual(expected);
    expect(
      outline(
        'The treasurer must approve the payment within 3 days or it escalates to the finance director.',
      ),
    ).toEqual(expected);
    expect(
      outline(
        'The treasurer must approve the payment within 3 days. If they have not decided by then, escalate to the finance director.',
      ),
    ).toEqual(expected);
  });

  it('read notify verbs alike: tell, inform, let … know, alert', () => {
    for (const said of ['tell the auditors', 'inform the auditors', 'let the auditors know']) {
      expect(outline(`Once the count is done, ${said}.`)).toEqual([
        'trigger request',
        'notify to=role:auditor',
      ]);
    }
  });
});

describe('answers recorded during the flow', () => {
  it('become form fields of that task, and later conditions use them', () => {
    const result = compile(
      'The inspector checks the boiler within 2 days and records whether it is safe. If not safe, notify the facilities manager.',
    );
    expect(result.outline).toEqual([
      'trigger manual',
      'task to=role:inspector due=2d',
      'if safe == false',
      '  notify to=role:facilities-manager',
    ]);
    const task = result.flow?.steps[0];
    expect(task?.type === 'task' ? task.form : undefined).toEqual([
      { name: 'safe', type: 'boolean' },
    ]);
  });
});

describe('coverage', () => {
  it('reports words it could not place rather than dropping them', () => {
    const codes = problems(
      'The clerk approves the claim within a day and then quietly reticulates the splines.',
    );
    expect(codes.length).toBeGreaterThan(0);
  });

  it('asks who does the work when nobody is named', () => {
    expect(problems('Count the stock every Friday.')).toContain('missing-assignee');
  });
});

describe('discourse', () => {
  it('reads a comparison put in front as a condition, and "anything above that" as its else', () => {
    expect(
      outline(
        'Grant requests give the project and the requested sum. Up to $5,000 the programme lead approves; anything above that needs the board.',
      ),
    ).toEqual([
      'trigger request',
      'field project text',
      'field requested_sum money',
      'if requested_sum <= 5000',
      '  approval any to=role:programme-lead',
      'else',
      '  approval any to=team:board',
    ]);
  });

  it('puts "remind them every N days" on the approval before, and a later escalation with it', () => {
    expect(
      outline(
        'The auditor and the controller must both approve; remind them every 3 days. If there is no decision within 2 weeks, escalate to the finance director.',
      ),
    ).toEqual([
      'trigger manual',
      'approval all to=role:auditor,role:controller remind=3d timeout=2w then=escalate:role:finance-director',
    ]);
  });

  it('reads what follows a field list in the same sentence', () => {
    expect(
      outline(
        'Room bookings come in with the room, the date and the attendee count, and the facilities team confirms the booking within a day.',
      ),
    ).toEqual([
      'trigger request',
      'field room text',
      'field date date',
      'field attendee_count number',
      'task to=team:facilities due=1d',
    ]);
  });

  it('tells "the design and print teams" as two teams', () => {
    expect(outline('When the brochure is final, let the design and print teams know.')).toEqual([
      'trigger request',
      'notify to=team:design,team:print',
    ]);
    // "support" is also a verb; inside the party's name it does not end "let … know".
    expect(
      outline('The editor signs off the copy. Then let the quality and support teams know.'),
    ).toEqual([
      'trigger manual',
      'approval any to=role:editor',
      'notify to=team:quality,team:support',
    ]);
  });

  it('warns when it reads an escalation target no list knows', () => {
    const result = compile(
      'The planner must finish the schedule within 2 days, otherwise escalate to the ops overseer.',
    );
    expect(result.outline).toEqual([
      'trigger manual',
      'task to=role:planner due=2d then=escalate:role:ops-overseer',
    ]);
    expect(result.diagnostics.map((d) => d.code)).toContain('assumed-party');
  });

  it('tells the one a passive "sent to" names, not the thing sent', () => {
    const result = compile('Once the menu is final, the headcount is emailed to the caterer.');
    expect(result.outline).toEqual(['trigger request', 'notify to=role:caterer']);
    expect(result.diagnostics.map((d) => d.code)).toContain('assumed-party');
  });

  it('counts "three inspectors" as a quorum of that role', () => {
    expect(outline('Three inspectors must sign off on the site plan.')).toEqual([
      'trigger manual',
      'approval quorum:3 to=role:inspector',
    ]);
  });

  it('reads a short first sentence that is a step as that step, not a heading', () => {
    expect(outline('Hold two days. Then tell the payroll team.')).toEqual([
      'trigger manual',
      'wait 2d',
      'notify to=team:payroll',
    ]);
  });

  it('repeats a reminder after a leading "every N days," until its condition holds', () => {
    expect(
      outline(
        'Start by waiting 5 days. After that, every 2 days, remind the billing team until the status is paid. Finish by notifying the manager.',
      ),
    ).toEqual([
      'trigger manual',
      'wait 5d',
      'repeat every=2d until status == paid',
      '  notify to=team:billing',
      'notify to=manager',
    ]);
  });

  it('knows a party read by its form earlier when a later list names it again', () => {
    const result = compile(
      'Yard control books the crane within 2 days. Then tell yard control and the project manager.',
    );
    expect(result.outline).toEqual([
      'trigger manual',
      'task to=team:yard-control due=2d',
      'notify to=team:yard-control,role:project-manager',
    ]);
    expect(result.diagnostics.filter((d) => d.code === 'assumed-party')).toHaveLength(1);
  });

  it('reads an unknown name joined to a known party by its form, never dropping it', () => {
    // "Market" is tagged a verb here; as the first word of a list before the verb it is a party.
    const market = compile('Market and legal must both approve the statement.');
    expect(market.outline).toEqual(['trigger manual', 'approval all to=team:market,team:legal']);
    expect(market.diagnostics.map((d) => d.code)).toEqual(['assumed-party']);
    for (const text of [
      'When a booking comes in, notify the caterer and the finance team.',
      'When a booking comes in, notify the finance team and the caterer within a day.',
    ]) {
      const result = compile(text);
      expect(result.outline.at(-1)).toMatch(/^notify to=(?=.*role:caterer)(?=.*team:finance)/);
      expect(result.diagnostics.map((d) => d.code)).toContain('assumed-party');
    }
  });

  it("takes the time a heading's schedule is given in the next clause", () => {
    const result = compile(
      'Quarterly access audit: on the 5th at 8am London time the security lead reviews all admin accounts within 3 days.',
    );
    expect(result.outline).toEqual([
      'trigger schedule cron="0 8 5 1,4,7,10 *" tz=Europe/London',
      'task to=role:security-lead due=3d',
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('says when a schedule has no time of day', () => {
    const result = compile('Weekly stock count: the store manager counts the stock within a day.');
    expect(result.outline[0]).toBe('trigger schedule cron="0 0 * * MON"');
    expect(result.diagnostics.map((d) => [d.code, d.message])).toContainEqual([
      'assumed-time',
      'No exact time of day is said; runs start at 00:00',
    ]);
  });

  it('reads items picked out by one option of a choice field as a condition', () => {
    expect(
      outline(
        'Support tickets come in with the subject and the plan (basic or gold). Gold tickets get priority high. Then the support team answers within a day.',
      ),
    ).toEqual([
      'trigger request',
      'field subject text',
      'field plan choice',
      'if plan == gold',
      '  set priority=high',
      'task to=team:support due=1d',
    ]);
  });

  it('reads "if there\'s no decision after N days" as the approval\'s time limit, comma or not', () => {
    for (const text of [
      "The bursar must approve the refund. If there's no decision within 4 days, escalate to the principal.",
      "The bursar must approve the refund, and if there's no decision after 4 days it is escalated to the principal.",
    ]) {
      expect(outline(text)).toEqual([
        'trigger manual',
        'approval any to=role:bursar timeout=4d then=escalate:role:principal',
      ]);
    }
  });

  it('reads a schedule given as dates, and says when one cron line cannot hold them', () => {
    expect(
      outline(
        'Twice a year, on 10 March and 10 September at 6pm Paris time, the auditor checks the ledger within a week.',
      ),
    ).toEqual([
      'trigger schedule cron="0 18 10 3,9 *" tz=Europe/Paris',
      'task to=role:auditor due=1w',
    ]);
    const uneven = compile(
      'Every year on 1 March and 15 September the auditor checks the ledger within a week.',
    );
    expect(uneven.diagnostics.map((d) => d.code)).toContain('unsupported-schedule');
  });

  it('splits "…, and the COO and legal are sent it" before the list of those told', () => {
    expect(
      outline(
        'The analyst writes the summary within a day, and the COO and legal are then sent the summary.',
      ),
    ).toEqual(['trigger manual', 'task to=role:analyst due=1d', 'notify to=role:coo,team:legal']);
  });

  it('hands over what "goes to X for <work>" after an approval, and asks X to decide "for sign-off"', () => {
    expect(
      outline(
        'The plant manager approves the order. Once approved, the order goes to the stores team for picking; they must accept it within 4 hours.',
      ).at(-1),
    ).toBe('  handoff to=team:stores accept=4h');
    expect(
      outline('The plant manager approves the order. It then goes to the CFO for sign-off.').at(-1),
    ).toBe('approval any to=role:cfo');
  });

  it('reads "if nothing arrives", "if there\'s no confirmation" and "if it\'s late" as the time running out', () => {
    for (const condition of [
      'If nothing arrives in that time',
      "If there's no confirmation",
      "If it's still pending after that",
    ]) {
      expect(
        outline(
          `The clerk checks the form. Then we wait for the bank.cleared event, up to 3 days. ${condition}, hand it to the treasury team.`,
        ).slice(-3),
      ).toEqual([
        'wait event=bank.cleared timeout=3d',
        'if timed_out',
        '  handoff to=team:treasury',
      ]);
    }
    expect(
      outline(
        'The clerk checks the form within 2 days. If it is late, escalate to the office manager.',
      ),
    ).toEqual(['trigger manual', 'task to=role:clerk due=2d then=escalate:role:office-manager']);
  });

  it('says when it cannot read a condition, rather than running its step every time', () => {
    const result = compile(
      'The clerk checks the form. If the moon is blue, notify the office manager.',
    );
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'unrecognized-condition', span: { start: 27, end: 46 } }),
    );
  });

  it('reads "approved orders go to X to <verb>" as X\'s work, not another approval', () => {
    expect(
      outline(
        'The plant manager approves the order. If rejected, close it. Approved orders go to the stores team to pick within a day.',
      ).at(-1),
    ).toBe('task to=team:stores due=1d');
  });

  it('keeps a start by hand when a later clause says who starts the run', () => {
    expect(
      outline(
        'Overdue invoices are chased by hand: the credit controller starts a run when an invoice is late. Wait 2 days, then the credit controller phones the customer.',
      ).slice(0, 2),
    ).toEqual(['trigger manual', 'wait 2d']);
  });

  it('reads "give X a heads-up" as telling X', () => {
    expect(
      outline(
        'Moves come in with the crate count. The porters move the crates within a day. If the crate count is over 40, give the facilities team a heads-up.',
      ).slice(-2),
    ).toEqual(['if crate_count > 40', '  notify to=team:facilities']);
  });

  it('reads people no list knows named in the plural as a role', () => {
    const result = compile('The porters move the crates within a day.');
    expect(result.outline).toEqual(['trigger manual', 'task to=role:porter due=1d']);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['assumed-party']);
  });

  it('reads "needs legal sign-off" and "needs legal approval" as legal approving', () => {
    for (const text of ['The lease needs legal sign-off.', 'The lease needs legal approval.']) {
      expect(outline(text)).toEqual(['trigger manual', 'approval any to=team:legal']);
    }
  });

  it('reads a name going on with a hyphenated word as the whole name ("security on-call")', () => {
    const result = compile('The desk logs the alarm. Then hand it to security on-call.');
    expect(result.outline.at(-1)).toBe('handoff to=role:security-on-call');
  });

  it('runs two acts together when "at the same time" comes after both, with "each" limiting both', () => {
    expect(
      outline(
        'The design team resets the displays and the stock team pulls the overstock, at the same time, each within 8 hours. Then notify the store manager.',
      ),
    ).toEqual([
      'trigger manual',
      'parallel',
      '  branch',
      '    task to=team:design due=8h',
      '  branch',
      '    task to=team:stock due=8h',
      'notify to=role:store-manager',
    ]);
  });

  it('runs a list of doers\' acts after "at the same time" as one branch each, with their limits', () => {
    expect(
      outline(
        'At the same time, the library scans the deeds (2 days), treasury checks the deposit (4 days) and the survey office measures the plot (6 days). Then notify the clerk.',
      ),
    ).toEqual([
      'trigger manual',
      'parallel',
      '  branch',
      '    task to=team:library due=2d',
      '  branch',
      '    task to=team:treasury due=4d',
      '  branch',
      '    task to=team:survey-office due=6d',
      'notify to=role:clerk',
    ]);
  });

  it("reports another doer's act after a comma in a task instead of taking it for the title", () => {
    const result = compile('The library scans the deeds, the clerk stamps the copies.');
    expect(result.outline).toEqual([
      'trigger manual',
      'task to=team:library',
      'task to=role:clerk',
    ]);
    const unknown = compile('The library scans the deeds, the clerk frobnicates the copies.');
    expect(unknown.outline).toEqual(['trigger manual', 'task to=team:library']);
    expect(unknown.diagnostics.map((d) => d.code)).toContain('unread-words');
  });

  it('ends as cancelled when the verb is "cancel", even after a rejection', () => {
    for (const text of [
      'The board must approve; a rejection cancels it. Then the clerk files the minutes.',
      'The board must approve; if they refuse, the motion is cancelled. Then the clerk files the minutes.',
    ]) {
      expect(outline(text).slice(1, 4)).toEqual([
        'approval any to=team:board',
        'if rejected',
        '  end cancelled',
      ]);
    }
    expect(
      outline(
        'The board must approve; if they refuse, close it. Then the clerk files the minutes.',
      )[3],
    ).toBe('  end rejected');
  });

  it('keeps "unit", "staff" and "designated" in a name, and "team" out of it', () => {
    expect(
      outline(
        'Hand it to the fraud unit. Then the ward staff review it. Then the designated fire officer checks it. Then the audit team files it.',
      ).slice(1),
    ).toEqual([
      'handoff to=team:fraud-unit',
      'task to=team:ward-staff',
      'task to=role:designated-fire-officer',
      'task to=team:audit',
    ]);
  });

  it('says a frequency like "every so often" or "from time to time" gives no schedule', () => {
    for (const text of [
      'Every so often, remind the stock clerks to count the shelves.',
      'From time to time the audit team samples the invoices.',
      'The desk checks the printers periodically.',
    ]) {
      expect(problems(text)).toContain('vague-schedule');
    }
  });

  it('knows a party by the short name given in brackets after it', () => {
    expect(
      outline(
        'The duty fire officer (DFO) inspects the exits within 1 working day. Then the DFO signs the log.',
      ),
    ).toEqual([
      'trigger manual',
      'task to=role:duty-fire-officer due=1bd',
      'task to=role:duty-fire-officer',
    ]);
  });

  it('reads school, office and trading days as business days', () => {
    for (const unit of ['school', 'office', 'trading']) {
      expect(outline(`The bursar files the report within 3 ${unit} days.`)[1]).toBe(
        'task to=role:bursar due=3bd',
      );
    }
  });

  it('reads a count in the subject as a condition on the number field, or says it cannot', () => {
    expect(
      outline(
        "Room bookings come with the room and the attendee count. Bookings for more than 40 people need the venue manager's OK. Then notify the porters.",
      ).slice(3),
    ).toEqual([
      'if attendee_count > 40',
      '  approval any to=role:venue-manager',
      'notify to=role:porter',
    ]);
    const result = compile(
      'Room bookings come with the room and the attendee count. Bookings over 40 on a weekend in the hall need the venue manager to approve.',
    );
    expect(result.diagnostics.map((d) => d.code)).toContain('unrecognized-condition');
  });

  it('repeats the act before, with its "every N days", when a later clause says until when', () => {
    for (const tail of [
      'this repeats until "deal agreed" is ticked',
      'keep going until deal agreed is ticked',
      'carry on until "deal agreed" is checked',
    ]) {
      expect(
        outline(
          `The file is opened by hand. Every 4 days the agent calls the seller and ticks "deal agreed" once they say yes; ${tail}. Then notify the clerk.`,
        ),
      ).toEqual([
        'trigger manual',
        'repeat every=4d until deal_agreed == true',
        '  task to=role:agent',
        'notify to=role:clerk',
      ]);
    }
  });

  it('repeats a task until a count it records reaches a value, said in the same clause', () => {
    expect(
      outline(
        'The sweep is started by hand. Every 2 days the QA engineer reruns the suite and records the "failing tests" count, repeating until failing tests is 0.',
      ),
    ).toEqual([
      'trigger manual',
      'repeat every=2d until failing_tests == 0',
      '  task to=role:qa-engineer',
    ]);
  });

  it("reads chasing someone outside the flow as the chaser's work", () => {
    expect(outline('The credit controller chases the late payers within 2 days.')).toEqual([
      'trigger manual',
      'task to=role:credit-controller due=2d',
    ]);
  });

  it('reads an else that holds a condition of its own, and "else to X" as the hand-off to X', () => {
    const expected = [
      'trigger request',
      'field seats number',
      'field zone choice',
      'if seats >= 500',
      '  handoff to=team:key-accounts accept=2h',
      'else',
      '  if zone == north',
      '    handoff to=team:north-desk accept=1d',
      '  else',
      '    handoff to=team:inside-sales accept=1d',
    ];
    for (const middle of ['Otherwise: if', 'Otherwise, if']) {
      expect(
        outline(
          `Orders come with the seats and the zone (north or south). If the seats are 500 or more, route it to the key accounts team, who must accept within 2 hours. ${middle} the zone is north, route it to the north desk team, else to the inside sales team, each with 1 day to accept.`,
        ),
      ).toEqual(expected);
    }
  });

  it('keeps "or" inside a condition, and reads "anything smaller … by any X" as its else', () => {
    expect(
      outline(
        'Loans come with the loan amount and the score. If the loan amount is above $90,000 or the score is under 600, the credit committee must approve.',
      ).slice(3),
    ).toEqual(['if loan_amount > 90000 or score < 600', '  approval any to=team:credit-committee']);
    expect(
      outline(
        'Loans come with the loan amount. If the loan amount is above $90,000, the branch lead approves it, and anything smaller can be approved by any teller.',
      ).slice(2),
    ).toEqual([
      'if loan_amount > 90000',
      '  approval any to=role:branch-lead',
      'else',
      '  approval any to=role:teller',
    ]);
  });

  it('reads "there have been N or more X" as a count, and a team later named without "team"', () => {
    expect(
      outline(
        'Reports come with the site and prior incidents (a count). Notify the safety team. If there have been 3 or more prior incidents, safety inspects the site within 2 days.',
      ).slice(3),
    ).toEqual(['notify to=team:safety', 'if prior_incidents >= 3', '  task to=team:safety due=2d']);
  });

  it('reads "When <event>, they give A, B and C" as the intake, whatever verb the event has', () => {
    for (const event of ['When a ward escalates a shortage', 'When a shortage is logged']) {
      expect(
        outline(
          `${event} they give the ward name, the item (gloves or masks) and the quantity. Then the stores team ships it within a day.`,
        ),
      ).toEqual([
        'trigger request',
        'field ward_name text',
        'field item choice',
        'field quantity number',
        'task to=team:stores due=1d',
      ]);
    }
  });

  it('counts a deadline at a time of day from the time a schedule starts the run', () => {
    expect(
      outline(
        'Every weekday at 7 a.m. Tokyo time the desk team checks the trades maturing in the next three days. It has to be done by 11am; if it is not, escalate to the head of trading.',
      ),
    ).toEqual([
      'trigger schedule cron="0 7 * * 1-5" tz=Asia/Tokyo',
      'task to=team:desk due=4h then=escalate:role:head-of-trading',
    ]);
    expect(outline('Every Monday at 9am the desk team checks the trades by 1pm.').at(-1)).toBe(
      'task to=team:desk due=4h',
    );
  });

  it('says when a time-of-day deadline cannot be counted', () => {
    expect(problems('The clerk files the report. It has to be done by 4pm.')).toContain(
      'unsupported-deadline',
    );
    expect(
      problems(
        'Every Monday at 9am the clerk files the report. It must be finished by end of day.',
      ),
    ).toContain('unsupported-deadline');
    // A day of the week is not dropped unsaid either.
    for (const text of [
      'Every Friday at 4pm the clerk files the report. Payroll checks it by Monday noon.',
      'Each invoice is checked by the clerk before next Thursday.',
    ]) {
      expect(problems(text)).toEqual(['unsupported-deadline']);
    }
  });

  it('reads "need A and then B to sign off" as approvals in that order', () => {
    expect(
      outline(
        'Grants come with the grant amount. Grants over $5k need the programme lead and then the treasurer to sign off.',
      ).slice(2),
    ).toEqual([
      'if grant_amount > 5000',
      '  approval sequence to=role:programme-lead,role:treasurer',
    ]);
  });

  it('reads "and that\'s the end of it" as the end, and ", anything bigger …" as the else', () => {
    expect(
      outline(
        "Refund requests come with the refund amount. Refunds under $40 can be OK'd by the duty manager, anything bigger has to go to the finance manager. If it's refused, the customer is told and that's the end of it.",
      ).slice(2),
    ).toEqual([
      'if refund_amount < 40',
      '  approval any to=role:duty-manager',
      'else',
      '  approval any to=role:finance-manager',
      'if rejected',
      '  notify to=requester',
      '  end rejected',
    ]);
  });

  it('runs "at the same time, tell A, and have B do C" as two branches', () => {
    expect(
      outline(
        'Outage reports come in with the site. At the same time, alert the site manager, and have the field engineer visit the site within 2 hours.',
      ).slice(2),
    ).toEqual([
      'parallel',
      '  branch',
      '    notify to=role:site-manager',
      '  branch',
      '    task to=role:field-engineer due=2h',
    ]);
  });

  it('gives the work to the one sent something "to fill in", and reminds them until it is back', () => {
    expect(
      outline(
        'Applications come in with the name. Send the applicant a form to sign. If they have not returned it after 3 days, remind them, and keep reminding them every 3 days until it comes back.',
      ).slice(2),
    ).toEqual(['task to=requester remind=3d']);
    expect(outline('Send the site engineer the checklist to fill in.')).toEqual([
      'trigger manual',
      'task to=role:site-engineer',
    ]);
  });

  it('repeats what follows "until <condition>" when the condition is said first', () => {
    expect(
      outline(
        'When a pump fails the operator logs the pump, and until the status is back to running the shift lead gets an update every 20 minutes.',
      ),
    ).toEqual([
      'trigger request',
      'field pump text',
      'repeat every=20m until status == running',
      '  notify to=role:shift-lead',
    ]);
  });

  it('warns that nothing is said for a rejection when only "once approved" is', () => {
    const result = compile(
      'The board approves the budget. Once approved, the finance team books it within 2 days.',
    );
    expect(result.outline.slice(2)).toEqual(['if approved', '  task to=team:finance due=2d']);
    expect(result.diagnostics.map((d) => d.code)).toContain('no-rejection-branch');
    expect(
      compile(
        'The board approves the budget. If rejected, close it. Once approved, the finance team books it within 2 days.',
      ).diagnostics.map((d) => d.code),
    ).not.toContain('no-rejection-branch');
  });

  it('reads past a greeting, and takes "hourly rate" for a field, not a schedule', () => {
    for (const opening of ['Hi all, a quick note on overtime.', 'Hello team,']) {
      expect(
        outline(
          `${opening} Overtime requests come in with the ward and the hourly rate. If the hourly rate is more than $90 the ward manager must approve.`,
        ),
      ).toEqual([
        'trigger request',
        'field ward text',
        'field hourly_rate money',
        'if hourly_rate > 90',
        '  approval any to=role:ward-manager',
      ]);
    }
    expect(outline('Hourly, the bot team checks the queue.')[0]).toBe('trigger schedule every=1h');
  });

  it('takes the event another system fires as what a wait waits for, and "if it does" as its else', () => {
    expect(
      outline(
        'Bookings come in with the room. We wait up to 3 days for the deposit; the payment gateway fires payment.settled. If it does not come, cancel the booking. If it does, hand the booking to the events team.',
      ).slice(2),
    ).toEqual([
      'wait event=payment.settled timeout=3d',
      'if timed_out',
      '  end cancelled',
      'else',
      '  handoff to=team:events',
    ]);
  });

  it('reads an opening "if <event>, X logs it with A and B" as the intake, and "nothing else" as the end', () => {
    expect(
      outline(
        'if a supplier pulls out, the buyer logs it with the supplier name and the reason. we set the status to withdrawn and tell the category manager. nothing else.',
      ),
    ).toEqual([
      'trigger request',
      'field supplier_name text',
      'field reason text',
      'set status=withdrawn',
      'notify to=role:category-manager',
      'end completed',
    ]);
  });

  it('reads the discourse word after a bullet, and "accounts" as a department', () => {
    expect(
      outline(
        'Leavers, when a manager gives notice (name, last day):\n* IT collects the laptop within 2 days\n* at the same time, the payroll team closes the pay record within 5 days\n* then accounts settles the expenses within 1 business day',
      ).slice(3),
    ).toEqual([
      'parallel',
      '  branch',
      '    task to=team:it due=2d',
      '  branch',
      '    task to=team:payroll due=5d',
      'task to=team:accounts due=1bd',
    ]);
  });

  it("ends the trigger at the closing bracket of its field list, and the step after is the doer's", () => {
    for (const comma of ['', ',']) {
      expect(
        outline(
          `Once a claim is received (claim number, loss amount)${comma} the claims handler requests the photos from the claimant.`,
        ),
      ).toEqual([
        'trigger request',
        'field claim_number text',
        'field loss_amount money',
        'task to=role:claims-handler',
      ]);
    }
  });

  it('runs the bulleted items after "In parallel:" as branches, until a line is not an item', () => {
    expect(
      outline(
        'Site closure (started by hand). In parallel:\n- IT disconnects the network, due in 2 days\n- Facilities returns the keys, due in 4 days\nWhen all of that is done, set the status to closed.',
      ),
    ).toEqual([
      'trigger manual',
      'parallel',
      '  branch',
      '    task to=team:it due=2d',
      '  branch',
      '    task to=team:facilities due=4d',
      'set status=closed',
    ]);
  });

  it('reads the list after "Form fields:", and "each within" for every act run in parallel', () => {
    expect(
      outline(
        'Tenant screening.\nForm fields: applicant name, contact email, tax ID, monthly income, has pets (yes/no).\nFinance checks the score and Legal reads the lease in parallel, each within 3 business days. If the applicant has pets, the CPO must also approve.',
      ),
    ).toEqual([
      'trigger request',
      'field applicant_name text',
      'field contact_email email',
      'field tax_id text',
      'field monthly_income money',
      'field has_pets boolean',
      'parallel',
      '  branch',
      '    task to=team:finance due=3bd',
      '  branch',
      '    task to=team:legal due=3bd',
      'if has_pets == true',
      '  approval any to=role:cpo',
    ]);
  });

  it('reports a condition it cannot read in the first sentence too, never reading it as intake', () => {
    const result = compile('If the moon is full, the night porter locks the gate.');
    expect(result.diagnostics.map((d) => d.code)).toContain('unrecognized-condition');
    expect(result.outline.at(-1)).toBe('task to=role:night-porter');
  });

  it('reads "<things> run quarterly, at …" as the schedule alone, not their work', () => {
    expect(
      outline(
        'Boiler inspections run monthly, at 7am on the 2nd. The site engineer checks the boiler within 3 days.',
      ),
    ).toEqual(['trigger schedule cron="0 7 2 * *"', 'task to=role:site-engineer due=3d']);
  });

  it('reads "handed back to X, who must accept it within …" as a hand-off, not a reassignment', () => {
    expect(
      outline(
        'The board must approve. If they refuse, close it. Once approved, the file is handed back to the records team, who must accept it within a day.',
      ).slice(-1),
    ).toEqual(['handoff to=team:records accept=1d']);
    expect(
      outline('The clerk files it within 2 days, or it is handed back to the records team.')[1],
    ).toBe('task to=role:clerk due=2d then=reassign:team:records');
  });

  it('reads "if not" after a condition as its else, even after a step with a time limit', () => {
    expect(
      outline(
        'Refunds come in with the order. The desk ticks "in stock" (yes/no) within a day. If it is in stock, the warehouse ships it within two days; if not, the order is cancelled and the flow ends.',
      ).slice(2),
    ).toEqual([
      'task to=team:desk due=1d',
      'if in_stock == true',
      '  task to=team:warehouse due=2d',
      'else',
      '  end cancelled',
    ]);
  });

  it('reads "X acknowledges it" with no hand-off before as X\'s work', () => {
    expect(outline('The records team acknowledges the complaint within 2 days.')).toEqual([
      'trigger manual',
      'task to=team:records due=2d',
    ]);
    expect(
      outline('Hand it to the records team, who must acknowledge it within 2 days.').slice(1),
    ).toEqual(['handoff to=team:records accept=2d']);
  });

  it('hands over what "goes to X, who has N hours to accept" and runs "A, and at the same time B"', () => {
    expect(
      outline(
        'Faults come in with a severity (low or high). High severity faults go to the duty engineer, who has 2 hours to accept. Everything else goes to the repair team.',
      ).slice(2),
    ).toEqual([
      'if severity == high',
      '  handoff to=role:duty-engineer accept=2h',
      'else',
      '  handoff to=team:repair',
    ]);
    expect(
      outline(
        'Payroll sets up the pay record, and at the same time IT creates the account and security prints a badge, each within 2 days.',
      ),
    ).toEqual([
      'trigger manual',
      'parallel',
      '  branch',
      '    task to=team:payroll due=2d',
      '  branch',
      '    task to=team:it due=2d',
      '  branch',
      '    task to=team:security due=2d',
    ]);
  });

  it('keeps the work of someone named on a schedule ("the ops lead runs the count")', () => {
    expect(outline('Each month on the 1st at 9am, the ops lead runs the stock count.')).toEqual([
      'trigger schedule cron="0 9 1 * *"',
      'task to=role:ops-lead',
    ]);
  });

  it('takes a greeting and a short line of chat as no step', () => {
    expect(
      outline(
        'Hi team, just a heads-up on mileage claims. Claims come in with the amount. The payroll team pays them within 5 days.',
      ),
    ).toEqual(['trigger request', 'field amount money', 'task to=team:payroll due=5d']);
  });

  it('reads "started by <someone>" as started by hand, a bare list after a heading as the fields, and "goes back to the requester" as telling them', () => {
    expect(
      outline('Lease renewals are started by the property manager. Legal reviews the lease.'),
    ).toEqual(['trigger manual', 'task to=team:legal']);
    expect(
      outline(
        'Course bookings: employee, course title, start date, estimated cost. The training team approves them. Rejected bookings go back to the employee.',
      ),
    ).toEqual([
      'trigger request',
      'field employee text',
      'field course_title text',
      'field start_date date',
      'field estimated_cost money',
      'approval any to=team:training',
      'if rejected',
      '  notify to=requester',
    ]);
  });

  it('reads "X requests need A and B", "goes to A first and then to B for approval" and "we stop there"', () => {
    expect(
      outline(
        'Budget transfer requests need a reason and the cost centre. It goes to the department head first and then to the finance team for approval, and each of them gets nudged every 2 days until they decide. If either of them says no, the requester is told and we stop there.',
      ),
    ).toEqual([
      'trigger request',
      'field reason text',
      'field cost_centre text',
      'approval sequence to=role:department-head,team:finance remind=2d',
      'if rejected',
      '  notify to=requester',
      '  end rejected',
    ]);
  });
});
