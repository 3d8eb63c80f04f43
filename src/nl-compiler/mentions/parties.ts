import type { Party } from '../../dsl';
import { nounClassOf, verbClassesOf } from '../lexicon/verb-classes';
import { isRoleHead, readParty } from '../parties';
import type { Token } from '../text/tokens';

/** A noun phrase that names who acts or is told, found anywhere in a clause. */
export interface PartyMention {
  readonly start: number;
  readonly end: number;
  /** The party, or undefined when the words are too vague to assign ("someone senior"). */
  readonly party: Party | undefined;
  /** Index of the first token of the mention, and one past its last. */
  readonly from: number;
  readonly to: number;
}

/** Who submitted the request, as later sentences call them ("the applicant", "the tenant"). */
export interface RequesterWords {
  has(noun: string): boolean;
}

/** Names no list knows, read earlier in the same description by their form ("medical staffing"). */
export type LearnedParties = ReadonlyMap<string, Party>;

const LONGEST = 8;
const JOINERS = new Set(["'", '’', '-', '&', '.', '@']);
// Words a party phrase never contains: it is a noun phrase, not a clause.
const STOP = new Set(['AUX', 'PRON', 'CONJ', 'PART', 'ADV']);
const INNER_WORDS = new Set(['of', 'for', 'and', '&']);

/**
 * Whether tokens [from, to) can form one noun phrase. The tagger often takes a department for a
 * verb ("finance pays"), so verbs are allowed inside; which phrases name a party is for
 * readParty to say. A verb a class knows does not start one ("notify legal").
 */
function phraseLike(tokens: readonly Token[], from: number, to: number): boolean {
  const first = tokens[from];
  // "need one credit officer": a modal or quantity word starts no party's name.
  if (first && INSIDE_STOP.test(first.lower)) return false;
  if (
    !first ||
    (first.pos === 'VERB' && first.text !== 'IT' && verbClassesOf(first.lemma).length > 0)
  )
    return false;
  for (let i = from; i < to; i++) {
    const token = tokens[i];
    if (!token) return false;
    if (token.pos === 'PUNCT' && !JOINERS.has(token.text)) return false;
    const hyphened = token.text.includes('-') || tokens[i + 1]?.text === '-';
    if (token.pos === 'ADP' && !INNER_WORDS.has(token.lower) && !hyphened) return false;
    if (
      STOP.has(token.pos) &&
      !possessive(token) &&
      token.text !== 'IT' &&
      !INNER_WORDS.has(token.lower)
    )
      return false;
    if (i > from && INSIDE_STOP.test(token.lower)) return false;
    // A possessive inside the phrase starts another one: "more need their manager".
    if (possessive(token) && i > from) return false;
    // "the clerk of works inspects it": a finite verb a class knows ends the phrase before it.
    const objectNext =
      !tokens[i + 1] || ['DET', 'PRON', 'ADP', 'NUM'].includes(tokens[i + 1]?.pos ?? '');
    if (
      token.pos === 'VERB' &&
      /s$/.test(token.lower) &&
      objectNext &&
      verbClassesOf(token.lemma).length > 0
    )
      return false;
  }
  return true;
}

const VAGUE_ADJECTIVE =
  /^(?:(?:the|a|an|any|some)\s+)?(?:appropriate|relevant|right|proper|responsible|usual|necessary|suitable|concerned|applicable)\s+[a-z]+s?$|^(?:someone|somebody|anyone|anybody|whoever)\b/i;

// Words that end a party's name: "the head of procurement both have to sign off".
const INSIDE_STOP =
  /^(?:both|either|neither|all|each|have|has|had|is|are|was|were|be|been|must|should|will|would|can|could|may|might|need|needs|also|then|to|who|which|that|now|first|just|only)$/;

const possessive = (token: Token) => /^(?:their|his|her|your|our|its)$/.test(token.lower);

const DETERMINER = /^(?:the|a|an|any|each|every|all|our|their|his|her|your|its)$/;

/** The phrase a requester word takes: without its article, singular. */
export function nounKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/^(?:the|a|an|our|their|each|every|any)\s+/, '')
    .replace(/(?:ies)$/, 'y')
    .replace(/(?<![su])s$/, '');
}

/** Reads one candidate phrase: a party, a vague one, or nothing. */
function partyOf(
  phrase: string,
  requester: RequesterWords,
  learned: LearnedParties,
): { party: Party | undefined } | null {
  // "the facilities manager's OK": the owner of the act is the party.
  const text = phrase.replace(/['’]s$/, '');
  const known = learned.get(nounKey(text));
  if (known) return { party: known };
  // "a task for the IT team", "VP of operations for approval": only a job is "of" something.
  const inner =
    /^(?:(?:the|a|an|any|all|each|every)\s+)?((?:[\w-]+\s+)*?)([\w-]+)\s+(?:of|for)\s/i.exec(text);
  if (/\sfor\s/i.test(text)) return null;
  if (
    inner?.[2] &&
    !isRoleHead(inner[2]) &&
    !/^(?:members?|head|chief|vp|president|any|all|both|each|either|one|none|some)$/i.test(inner[2])
  )
    return null;
  // "the requesting officer": whoever asked.
  if (requester.has(nounKey(text)) || /^(?:the\s+)?requesting\s+[a-z]+$/i.test(text)) {
    return { party: { type: 'requester' } };
  }
  // "their academic advisor": a role whoever's it is ("their manager" is the manager, below).
  if (/^(?:their|his|her|your|our)\s+(?!(?:line |direct |reporting )?manager$)/i.test(text)) {
    const role = readParty(text.replace(/^\S+\s+/, ''));
    if (role.kind === 'party') return { party: role.party };
  }
  // "the appropriate authority", "someone senior": who exactly is not said.
  if (VAGUE_ADJECTIVE.test(text)) return { party: undefined };
  const reading = readParty(text);
  if (reading.kind === 'party') return { party: reading.party };
  if (reading.kind === 'vague') return { party: undefined };
  return null;
}

/**
 * The party mentions of a clause's tokens, longest first from the left: "the head of
 * procurement", "IT Ops", "their line manager", "ann@example.com".
 */
export function findParties(
  source: string,
  tokens: readonly Token[],
  requester: RequesterWords,
  learned: LearnedParties = new Map(),
): PartyMention[] {
  const found: PartyMention[] = [];
  for (let from = 0; from < tokens.length;) {
    const first = tokens[from];
    // "at least 3 members of the panel": the count is read by the act, the party starts later.
    const next = tokens[from + 1];
    // "any two members of …": neither the determiner nor the count starts the party's name.
    const counted = first?.pos === 'DET' && next?.pos === 'NUM';
    if (
      !first ||
      counted ||
      first.pos === 'PUNCT' ||
      first.pos === 'CONJ' ||
      first.pos === 'ADP' ||
      first.pos === 'NUM' ||
      /^(?:least|most)$/.test(first.lower)
    ) {
      from++;
      continue;
    }
    let taken = 0;
    for (let to = Math.min(tokens.length, from + LONGEST); to > from; to--) {
      const last = tokens[to - 1];
      if (!last || DETERMINER.test(last.lower) || last.pos === 'ADP') continue;
      if (!phraseLike(tokens, from, to)) continue;
      const start = first.start;
      const end = last.end;
      // "the ops overseer": a known word ("ops") followed by more of the same noun phrase is
      // not that party; the whole phrase is left to be read by its form.
      const more = tokens[to];
      const owner = /['’]s$/.test(last.text);
      // A noun of an act ("legal approval") says what the party does, not more of its name.
      const continues =
        more &&
        (more.pos === 'NOUN' || more.pos === 'PROPN') &&
        !/s$/.test(more.lower) &&
        nounClassOf(more.lower) === undefined;
      // "a heads-up", "security on-call": a name the hyphen, or a hyphenated "on-"/"off-" word,
      // goes on with is not that name alone ("legal sign-off" is still legal's).
      const hyphenated =
        (more?.text === '-' && more.start === last.end) ||
        (['ADP', 'PART', 'ADV'].includes(more?.pos ?? '') &&
          tokens[to + 1]?.text === '-' &&
          tokens[to + 1]?.start === more?.end);
      if ((continues || hyphenated) && !owner) continue;
      const reading = partyOf(source.slice(start, end), requester, learned);
      // "more than 100 people": a count of something, not someone vague.
      if (!reading || (!reading.party && tokens[from - 1]?.pos === 'NUM')) continue;
      // "the engineering and support teams": a team each.
      const pair = /^(?:the\s+)?([\w-]+)\s+and\s+([\w-]+)\s+(?:teams|departments|groups)$/i.exec(
        source.slice(start, end),
      );
      if (pair?.[1] && pair[2]) {
        for (const name of [pair[1], pair[2]]) {
          found.push({ start, end, party: { type: 'team', team: name.toLowerCase() }, from, to });
        }
      } else found.push({ start, end, party: reading.party, from, to });
      taken = to - from;
      break;
    }
    from += Math.max(1, taken);
  }
  return found;
}

const NOT_PEOPLE =
  /(?:order|number|paper|letter|register|computer|center|centre|matter|water|folder|poster|banner|router|server|printer|filter|meter|counter|cover|power|member|parameter|quarter|calendar|ledger|charter|trailer|chapter|document|content|statement|agreement|payment|amount|event|incident|element|component|segment|department|equipment|environment|agent|talent|request|list|checklist)$/;

/**
 * Who an unknown noun phrase in subject position is: a role when its head names a person by
 * what they do ("quantity surveyor", "clerk of works"), else a group ("medical staffing").
 */
export function subjectParty(phrase: string): Party | undefined {
  const text = phrase
    .toLowerCase()
    .replace(/^(?:the|a|an|our|their|each|every|any)\s+/, '')
    .trim();
  if (!/^[a-z][a-z0-9 &'-]*$/.test(text) || text.split(' ').length > 5) return undefined;
  const head = /^(.+?) (?:of|for) /.exec(text)?.[1] ?? text;
  const last = head.split(' ').at(-1) ?? '';
  const slug = text
    .replace(/&/g, 'and')
    .replace(/'s\b/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  // "the porters", "the site engineers": people named in the plural are a role too; "the DPO",
  // "the CDO": a title's initials ending in O, an officer.
  const single = last.replace(/(?<!s)s$/, '');
  const officer = /^(?:the\s+)?[A-Z]{1,4}O$/.test(phrase.trim());
  if (
    officer ||
    isRoleHead(single) ||
    (/(?:or|er|ist|ian|ant|ent|ee|eer|ive|ier|ar)$/.test(single) && !NOT_PEOPLE.test(single))
  ) {
    return { type: 'role', role: slug.replace(/s$/, '') };
  }
  return { type: 'team', team: slug };
}
