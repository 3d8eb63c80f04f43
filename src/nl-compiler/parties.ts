import type { Party } from '../dsl';

// Who a noun phrase names. Departments and groups are teams, job titles are roles, the
// requester's manager is `manager` (see shared/eval/OUTLINE.md, "Parties").

const ROLE_HEADS = new Set(
  (
    'manager director officer lead head owner engineer commander supervisor controller ' +
    'administrator admin coordinator specialist analyst architect counsel president vp chief ' +
    'cfo ceo cio cto coo ciso cro cmo treasurer accountant auditor recruiter partner principal ' +
    'approver steward representative rep executive secretary clerk planner buyer agent ' +
    'advisor adviser consultant champion designer developer scientist nurse doctor physician ' +
    'editor writer reviewer dispatcher technician inspector investigator lawyer paralegal ' +
    'captain chair chairperson dean provost registrar bursar warden marshal foreman surgeon ' +
    'landlord landlady bailiff sheriff chaplain coach mentor tutor headteacher headmaster ' +
    'superintendent custodian caretaker janitor concierge receptionist on-call'
  ).split(' '),
);

const TEAM_SUFFIXES = new Set(['team', 'teams', 'department', 'dept', 'group']);
const KEPT_TEAM_SUFFIXES = new Set([
  'unit',
  'staff',
  'crew',
  'squad',
  'committee',
  'board',
  'desk',
  'council',
  'office',
  'panel',
  'bureau',
  'leadership',
  'management',
  'services',
  'operations',
  'centre',
  'center',
  'ops',
]);

/** Departments that are teams without the word "team". */
const DEPARTMENTS = new Set(
  (
    'legal security finance it hr procurement facilities marketing sales support engineering ' +
    'operations ops accounting payroll compliance qa design people warehouse logistics purchasing ' +
    'treasury infosec devops onboarding recruiting recruitment billing tax audit risk product ' +
    'research data analytics communications comms pr admin administration fulfillment shipping ' +
    'receiving maintenance housekeeping reception it-ops sales-ops customer-success ' +
    'accounts-payable accounts-receivable human-resources information-security customer-support ' +
    'customer-service service-desk help-desk helpdesk accounts dispatch underwriting'
  ).split(' '),
);

const REQUESTER_WORDS =
  /^(?:requester|requestor|submitter|claimant|applicant|initiator|employee|requesting employee|person who (?:submitted|asked|requested)(?: it)?|original requester)$/;
const ASSIGNEE_WORDS =
  /^(?:assignee|current (?:owner|holder|assignee)|holder|whoever (?:holds|owns) it)$/;
const MANAGER_OF_REQUESTER =
  /^(?:(?:their|his|her|his or her|the requester's|the requestor's|the employee's|the submitter's|the claimant's|the applicant's|your)\s+)?(?:line |direct |reporting )?manager$/;
const VAGUE =
  /^(?:the )?(?:right|appropriate|relevant|proper|responsible|usual|necessary) (?:people|person|team|folks|someone|parties|party|approvers?)$|^(?:someone|somebody|anyone|anybody|whoever|people|everyone|everybody|a person|the person in charge|stakeholders|the stakeholders)$/;

const DETERMINERS =
  /^(?:the|a|an|any|each|every|all|our|its|one of the|any one of the|someone (?:from|in|on) the|somebody (?:from|in|on) the|a member of the|any member of the|members of the|a person (?:from|in|on) the)\s+/;

// A party is a noun phrase: no pronouns, no prepositions but "of"/"for", no leading verb.
const NOUN_PHRASE =
  /^(?!.*(?<![\w-])(?:it|them|they|this|that|these|those|on|in|at|to|with|by|from|into|onto|about|after|before|until|when|if|is|are|was|were|be|must|will|should|can|may|not)(?![\w-]))[a-z0-9][a-z0-9 &'-]*$/;

/** Whether a word names a job ("manager", "clerk"), as the head of a role. */
export function isRoleHead(word: string): boolean {
  return ROLE_HEADS.has(word.toLowerCase().replace(/s$/, ''));
}

/** A lowercase name as a slug: words joined by `-`, punctuation dropped. */
export function slugify(text: string): string {
  return text
    .replace(/\bIT\b/g, 'it')
    .toLowerCase()
    .replace(/\bitdept\b/g, 'it')
    .replace(/&/g, ' and ')
    .replace(/'s\b/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** What a noun phrase names: a party, something too vague to assign, or nothing we know. */
export type PartyReading = { kind: 'party'; party: Party } | { kind: 'vague' } | { kind: 'none' };

/** Reads one noun phrase ("the requester's manager", "the IT ops team", "ops@example.com"). */
export function readParty(phrase: string): PartyReading {
  // "IT" in capitals is the department; a lowercase "it" is a pronoun.
  let text = phrase
    .trim()
    .replace(/\bIT\b/g, 'itdept')
    .replace(/[’‘]/g, "'")
    .toLowerCase()
    .replace(/[.,;:!?]+$/, '')
    .replace(/\s+/g, ' ');
  const email = /^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/.exec(text);
  if (email) return { kind: 'party', party: { type: 'person', email: email[0] } };
  if (VAGUE.test(text)) return { kind: 'vague' };
  if (MANAGER_OF_REQUESTER.test(text)) return { kind: 'party', party: { type: 'manager' } };
  for (let previous = ''; previous !== text;) {
    previous = text;
    text = text.replace(DETERMINERS, '');
  }
  text = text.replace(/^(?:new|assigned|responsible|relevant)\s+/, '');
  // An article inside the phrase starts a second noun phrase, unless "of the"/"for the" joins them.
  const innerArticle = /\s(?:the|a|an)\s/.test(text) && !/\s(?:of|for)\s(?:the|a|an)\s/.test(text);
  if (!text || !NOUN_PHRASE.test(text) || innerArticle) return { kind: 'none' };
  if (REQUESTER_WORDS.test(text)) return { kind: 'party', party: { type: 'requester' } };
  if (ASSIGNEE_WORDS.test(text)) return { kind: 'party', party: { type: 'assignee' } };
  if (text === 'manager') return { kind: 'party', party: { type: 'manager' } };
  if (/^[\w.+-]+@/.test(text)) return { kind: 'none' };

  const slug = slugify(text);
  // "VP of operations", "head of engineering", "clerk of works": a role of something.
  const of = /^((?:[\w-]+ )*?)([\w-]+) (?:of|for) [\w -]+$/.exec(text);
  if (
    of?.[2] &&
    (ROLE_HEADS.has(of[2]) ||
      /^(?:vp|vice president|head|chief)$/.test(`${of[1] ?? ''}${of[2]}`.trim()))
  ) {
    return { kind: 'party', party: { type: 'role', role: slug } };
  }
  const words = text.split(' ');
  const last = words.at(-1) ?? '';
  if (TEAM_SUFFIXES.has(last) && words.length > 1) {
    const name = slugify(words.slice(0, -1).join(' '));
    return name ? { kind: 'party', party: { type: 'team', team: name } } : { kind: 'none' };
  }
  if (
    KEPT_TEAM_SUFFIXES.has(last) &&
    (words.length > 1 || last === 'board' || last === 'committee')
  ) {
    return { kind: 'party', party: { type: 'team', team: slugify(text) } };
  }
  if (words.length <= 4 && isRoleHead(last) && !DEPARTMENTS.has(slug)) {
    return { kind: 'party', party: { type: 'role', role: slugify(text.replace(/s$/, '')) } };
  }
  if (DEPARTMENTS.has(slug)) return { kind: 'party', party: { type: 'team', team: slug } };
  // "biomedical engineering", "medical staffing": a department with its qualifiers.
  if (words.length <= 4 && DEPARTMENTS.has(last) && !words.includes('and'))
    return { kind: 'party', party: { type: 'team', team: slug } };
  return { kind: 'none' };
}
