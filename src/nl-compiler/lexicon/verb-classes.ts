// What a clause's verb does, as data: each class lists verbs (as lemmas, a particle after a
// space: "sign off"), and the nouns that name the same act ("approval", "sign-off"). The
// compiler never guesses a class: a verb in no class is reported, not read as a task.

/** The classes of act a clause can describe. */
export const VerbClass = {
  approve: 'approve',
  reject: 'reject',
  work: 'work',
  handoff: 'handoff',
  accept: 'accept',
  notify: 'notify',
  remind: 'remind',
  wait: 'wait',
  set: 'set',
  end: 'end',
  start: 'start',
  submit: 'submit',
  escalate: 'escalate',
  reassign: 'reassign',
} as const;
export type VerbClass = (typeof VerbClass)[keyof typeof VerbClass];

const words = (text: string): string[] =>
  text
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);

/** Verbs of each class, as lemmas; two-word entries are a verb and its particle. */
export const VERBS: Readonly<Record<VerbClass, readonly string[]>> = {
  approve: words(
    'approve, sign off, ok, okay, endorse, green-light, greenlight, authorise, authorize, ' +
      'sanction, ratify, rubber-stamp, countersign, decide, rule on, adjudicate',
  ),
  reject: words('reject, decline, refuse, deny, turn down, veto, disapprove, block'),
  handoff: words(
    'hand, hand over, hand off, pass, pass on, route, transfer, forward, refer, reroute, ' +
      'hand back, send over, move, go',
  ),
  accept: words('accept, pick up, take on, take over, claim, acknowledge'),
  notify: words(
    'notify, tell, inform, alert, ping, page, email, e-mail, message, text, cc, copy, warn, ' +
      'advise, update, brief, announce, let know, keep informed, keep posted, loop in, hear back, find out',
  ),
  remind: words('remind, nudge, chase, chase up, follow up, prod, hound'),
  wait: words('wait, pause, hold, sleep, hold off'),
  set: words('set, mark, flag, label, tag, record as, change'),
  end: words('close, end, cancel, stop, terminate, abort, finish, withdraw, archive, close out'),
  start: words('start, kick off, begin, launch, initiate, trigger, open, run'),
  submit: words(
    'submit, file, raise, log, enter, create, register, report, request, send in, ' +
      'put in, fill in, fill out, capture, record, provide, give, include, supply, come in, ' +
      'arrive, receive, get',
  ),
  escalate: words('escalate, bump up, elevate'),
  reassign: words('reassign, re-assign, reallocate, redirect'),
  work: words(
    // Looking at things.
    'review, check, inspect, examine, assess, evaluate, audit, verify, validate, vet, screen, ' +
      'test, investigate, analyse, analyze, triage, diagnose, look at, look into, go through, ' +
      'look over, read, study, survey, appraise, score, rate, grade, moderate, reconcile, confirm, ' +
      // Making and changing things.
      'prepare, draft, write, rewrite, edit, compose, produce, create, build, design, develop, ' +
      'make, compile, assemble, draw up, put together, fill, complete, finish off, update, ' +
      'revise, amend, correct, fix, repair, patch, mend, resolve, remediate, clean, clean up, ' +
      'tidy, replace, install, configure, set up, provision, deploy, upgrade, migrate, ' +
      'implement, translate, format, print, scan, photocopy, package, pack, label, ' +
      // Arranging and handling.
      'do, handle, process, deal with, work on, take care of, carry out, perform, conduct, ' +
      'execute, run through, organise, organize, arrange, coordinate, plan, schedule, ' +
      'reschedule, book, reserve, allocate, assign, staff, roster, order, buy, purchase, ' +
      'procure, source, obtain, acquire, collect, gather, pick, fetch, retrieve, deliver, ' +
      'ship, dispatch, post, mail, courier, send, return, issue, distribute, hand out, ' +
      // Money and records.
      'pay, pay out, refund, reimburse, invoice, bill, charge, credit, debit, transfer funds, ' +
      'budget, quote, estimate, forecast, calculate, count, measure, weigh, ' +
      'file away, store, back up, preserve, retain, delete, erase, redact, anonymise, ' +
      'anonymize, destroy, shred, dispose of, ' +
      // People.
      'call, phone, ring, contact, reach out, interview, meet, visit, attend, host, train, ' +
      'coach, onboard, offboard, welcome, greet, escort, support, help, assist, advise on, ' +
      'negotiate, agree, discuss, consult, present, demonstrate, explain, answer, respond, ' +
      'reply, follow through, investigate further, counsel, mediate, ' +
      // Physical work.
      'load, unload, move, lift, commission, decommission, service, maintain, ' +
      'calibrate, paint, cut, cook, serve, drive, transport, collect up, set out, lock, unlock, ' +
      'secure, seal, sign for, stock, restock, pick and pack, sort, label up, ' +
      // More everyday work.
      'hear, act, respond to, follow up on, ' +
      'pull, push, reset, list, relist, disburse, fund, rank, shortlist, select, choose, ' +
      'pick out, sign up, enrol, enroll, register for, renew, cancel out, chase down, track, ' +
      'monitor, watch, observe, record keeping, document, write up, type up, log in, write down, ' +
      'photograph, film, inspect again, re-inspect, retest, re-test, rebuild, reinstall, restore, ' +
      'recover, reconnect, disconnect, revoke, grant, provision access, remove, add, enable, ' +
      'disable, activate, deactivate, suspend, unsuspend, block out, unblock, rotate, ' +
      'certify, accredit, license, licence, permit, notarise, notarize, stamp, seal up, file for, ' +
      'apply for, claim back, recoup, recover costs, invoice for, settle, close off, wrap up, ' +
      'hand in, turn in, clear out, empty, fill up, top up, restock shelves, repack, ship out, ' +
      'dispatch out, deliver up, collect in, return to, ' +
      'lodge, publish, release, post up, upload, download, share, circulate, sign, countersign, ' +
      'tick, tick off, check off, mark off, match, cross-check',
  ),
};

/** Nouns that name an act of a class ("needs approval from", "a review by"). */
export const NOUNS: Readonly<Partial<Record<VerbClass, readonly string[]>>> = {
  approve: words(
    'approval, sign-off, signoff, sign off, ok, okay, go-ahead, go ahead, green light, ' +
      'green-light, authorisation, authorization, endorsement, consent, blessing, say-so, nod',
  ),
  work: words(
    'review, check, inspection, assessment, evaluation, audit, verification, investigation, ' +
      'analysis, triage, appraisal',
  ),
  handoff: words('handoff, hand-off, handover, hand-over, transfer, referral'),
  notify: words(
    'notification, alert, message, email, e-mail, heads-up, heads up, update, summary, copy, digest, note, ' +
      'reply, response, letter, confirmation, notice, acknowledgement, acknowledgment, receipt, invitation',
  ),
  remind: words('reminder, nudge, chaser'),
};

const classesOfVerb = new Map<string, VerbClass[]>();
const classOfNoun = new Map<string, VerbClass>();
for (const verbClass of Object.values(VerbClass)) {
  for (const verb of VERBS[verbClass]) {
    const classes = classesOfVerb.get(verb) ?? [];
    if (!classes.includes(verbClass)) classes.push(verbClass);
    classesOfVerb.set(verb, classes);
  }
}
for (const verbClass of Object.values(VerbClass)) {
  for (const noun of NOUNS[verbClass] ?? []) classOfNoun.set(noun, verbClass);
}

/**
 * The classes of a verb lemma, or of a verb and its particle ("sign off"), narrowest first
 * ("log" submits at intake and is work later); empty when no class knows it.
 */
export function verbClassesOf(lemma: string): readonly VerbClass[] {
  return classesOfVerb.get(lemma.toLowerCase()) ?? [];
}

/** The class a noun names ("approval" → approve), if any. */
export function nounClassOf(noun: string): VerbClass | undefined {
  return classOfNoun.get(noun.toLowerCase());
}

const phrasalHeads = new Set(
  [...classesOfVerb.keys()].filter((verb) => verb.includes(' ')).map((verb) => verb.split(' ')[0]),
);

/** Whether `lemma` starts some two-word verb of a class ("sign" of "sign off"). */
export function startsPhrasalVerb(lemma: string): boolean {
  return phrasalHeads.has(lemma.toLowerCase());
}
