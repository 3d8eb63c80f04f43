import type { FieldType, IntakeField } from '../dsl';

// Intake fields from a list like "the vendor, the amount (USD) and whether it is urgent". Each
// item is a noun phrase whose head noun gives the type, unless a note says otherwise ("(in
// days)", "(yes/no)", "(low, medium or high)"). An item that reads as a clause ("the manager
// approves it", "within 5 days") ends the list: the sentence has moved on to something else.

const wordSet = (text: string): ReadonlySet<string> => new Set(text.split(/\s+/).filter(Boolean));

// Words that open a noun phrase without being part of its name.
const DETERMINERS = wordSet(
  'the a an their its his her your our my some any each this these those',
);
// Words a noun phrase may put before "the" ("the date of the loss"); any other word there is a verb.
const BEFORE_OBJECT = wordSet(
  'of for to from in on at by with about per into onto under over against after before during ' +
    'within via through between across than as like including excluding regarding concerning ' +
    'and or both all half only not whether',
);
const OBJECTS = wordSet(
  'the a an their its his her your our my this these those it them us him me',
);
// A noun phrase never starts with these: they open a clause, or are its subject.
const CLAUSE_OPENERS = wordSet(
  'if when whenever once then after before until unless so otherwise also first next finally ' +
    'meanwhile while because but who which whom whose where we they i you he she it them us him me ' +
    'every please been being be as',
);
const AUXILIARIES = wordSet(
  'must can cannot could should shall will would may might is are was were has have had does do did',
);
const SUBJECT_PRONOUNS = wordSet('it they he she we you i there');
// Words that open a clause inside an item ("a reminder if they run late").
const SUBORDINATORS = wordSet('if unless until because whenever although though');
const RELATIVES = wordSet('that which who whom whose where when we they you he she i');
const NUMBER_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|' +
  'forty|fifty|sixty|ninety|hundred|several|a few|a couple of';
const TIME_UNIT =
  '(?:business |working |calendar )?(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?|years?)\\b';
// "within 5 business days", "every 2 days", "3 days": a duration is never a field name.
const DURATION = new RegExp(
  `\\b(?:(?:within|every|in|after|for|up to|over)\\s+(?:an?|\\d+|${NUMBER_WORDS})|\\d+|${NUMBER_WORDS}|every(?: other)?)\\s+${TIME_UNIT}`,
);
const COUNTED = new RegExp(`^(?:\\d|(?:${NUMBER_WORDS})\\b)`);
// A field does not hold an approval; "need the director's OK" asks for one.
const APPROVAL =
  /(?:^|_)(?:approval|ok|okay|sign_off|signoff|go_ahead|authorisation|authorization|endorsement|blessing)$/;

// "submits the form": a bare container holds fields but is not one ("complaint details" is).
const CONTAINERS = wordSet('form forms paperwork details information info request application');

const OPTIONAL = /\b(?:an? )?optional(?:ly)?\b|\bif (?:any|available|applicable|known|relevant)\b/g;
const YES_NO = String.raw`(?:yes\s*/\s*no|y\s*/\s*n|yes or no|true\s*/\s*false|true or false)`;

// The type a head noun gives a field, by general vocabulary.
const HEAD_TYPES = new Map<string, FieldType>([
  ...typed('email', 'email e_mail'),
  ...typed('url', 'url uri link website webpage homepage'),
  ...typed('date', 'date deadline dob birthday birthdate expiry expiration day start end'),
  ...typed(
    'money',
    'amount budget cost costs price spend spending salary wage wages fee fees total value expense ' +
      'expenses payment revenue income deposit reserve rent bonus refund premium loss profit ' +
      'savings compensation allowance stipend tuition fare payout subtotal sum grant award donation',
  ),
  ...typed(
    'number',
    'count quantity qty headcount hours minutes days weeks months years nights seats size percent ' +
      'percentage score rating age weight height length width depth distance mileage',
  ),
  ...typed('boolean', 'flag approved required urgent'),
  ...typed('team', 'team squad department dept'),
  ...typed('person', 'owner manager approver assignee sponsor supervisor reviewer person'),
]);
function typed(type: FieldType, heads: string): [string, FieldType][] {
  return heads.split(/\s+/).map((head) => [head, type]);
}
// Heads that measure whatever the word before them names: "salary cap", "cost impact".
const INHERITING = wordSet(
  'cap limit ceiling threshold floor max maximum minimum estimate target band range change ' +
    'increase decrease reduction difference delta variance adjustment overrun impact',
);
// A rate of pay or charge ("hourly rate") is money; others ("interest rate") are numbers.
const PAY_RATE = wordSet(
  'hourly daily day weekly monthly nightly night annual yearly pay billing room',
);
// Participles after the head ("date received", "amount paid") leave the head its type.
const PARTICIPLE = /^(?:\w+ed|paid|sent|spent|given|seen|done|made|taken|held|lost|known|set)$/;
// "needed-by", "due-by": a time by which something happens.
const DEADLINE_BY = wordSet(
  'needed due required wanted expected complete respond reply return ready',
);

// What a parenthetical note says about the field before it.
type Note =
  | { kind: 'type'; type: FieldType }
  | { kind: 'options'; options: string[] }
  | { kind: 'list'; fields: IntakeField[] }
  | { kind: 'optional' }
  | { kind: 'none' };

// Type hints in a note, by its first word: "(in days)", "(as a percentage)", "(team picker)".
const HINTS = new Map<string, FieldType>([
  ...typed(
    'number',
    'minutes mins min hours hrs hr days weeks months years lbs lb kg kgs kilograms grams tonnes ' +
      'tons km kilometres kilometers miles metres meters cm mm ft feet inches percent percentage % ' +
      'count number integer qty quantity',
  ),
  ...typed('money', 'usd eur gbp aud cad nzd dollars euros $ £ € currency money'),
  ...typed('person', 'person people user'),
  ...typed('team', 'team department'),
  ...typed('date', 'date'),
  ...typed('email', 'email e-mail'),
  ...typed('url', 'url link'),
  ...typed('text', 'text'),
]);

/** The type a field's name suggests; text when nothing does. */
export function fieldTypeOf(name: string): FieldType {
  const words = name.split('_').filter(Boolean);
  if (/(?:^|_)(?:number|count|num|no)_of_/.test(name)) return 'number';
  if (/(?:^|_)point_of_contact$/.test(name)) return 'person';
  const last = words.length - 1;
  if (words[last] === 'by' && last > 0) {
    return DEADLINE_BY.has(words[last - 1] ?? '') ? 'date' : 'person';
  }
  return typeAt(words, headIndex(words)) ?? 'text';
}

// The head of "date of loss" is "date"; of "date received", "date" too.
function headIndex(words: readonly string[]): number {
  const preposition = words.findIndex((w, i) => i > 0 && BEFORE_OBJECT.has(w));
  if (preposition > 0) return preposition - 1;
  const last = words.length - 1;
  if (last > 0 && PARTICIPLE.test(words[last] ?? '') && typeAt(words, last - 1)) return last - 1;
  return last;
}

function typeAt(words: readonly string[], i: number): FieldType | undefined {
  const word = words[i];
  if (word === undefined) return undefined;
  const before = words[i - 1];
  if (word === 'rate') return before && PAY_RATE.has(before) ? 'money' : 'number';
  if (word === 'address' && before) {
    if (before === 'email' || before === 'mail') return 'email';
    if (before === 'web') return 'url';
  }
  if (word === 'page' && before === 'web') return 'url';
  if (INHERITING.has(word)) return i > 0 ? typeAt(words, i - 1) : undefined;
  return (
    HEAD_TYPES.get(word) ?? (word.endsWith('s') ? HEAD_TYPES.get(word.slice(0, -1)) : undefined)
  );
}

/** A field name in snake_case: no articles, notes, quotes or the submitter's possessive. */
export function fieldName(phrase: string): string {
  let text = phrase
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/\([^)]*\)/g, ' ')
    .replace(/["“”]/g, ' ')
    .replace(/\be-mail\b/g, 'email')
    .replace(/\s+/g, ' ')
    .trim();
  // Quoted words ("a 'touches PII' flag") lose their quotes before a possessive is looked for.
  text = text.replace(/(^|\s)'([^']+)'(?=\s|$)/g, '$1$2');
  text = withoutPossessor(withoutDeterminers(text));
  text = withoutDeterminers(text.replace(/(?:^|\s)'|'(?=\s|$)/g, ' ').trim());
  // "the date of the loss" is date_of_loss: articles go inside the phrase too.
  text = text.replace(
    /\b(of|for|to|from|in|on|at|by|about|per) (?:the|a|an|their|its|our) /g,
    '$1 ',
  );
  // "a document URL as evidence", "a tag such as P1": what it is for or like, not what it is.
  text = text.replace(/(\S)\s+(?:such as|as|e\.g\.?|for example)\s.*$/, '$1');
  // "a needed-by date": "needed-by" already names the date.
  text = text.replace(/(\w-by)\s+date$/, '$1');
  return text.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

function withoutDeterminers(text: string): string {
  let rest = text;
  for (;;) {
    const [first, ...others] = rest.split(' ');
    if (first === undefined || others.length === 0 || !DETERMINERS.has(first)) return rest;
    rest = others.join(' ');
  }
}

// "the starter's full name" is full_name, but "the doctor's name" is doctor_name: the owner
// stays only when the rest alone would be too bare to tell fields apart.
function withoutPossessor(text: string): string {
  const match = /^(.*?\w)(?:'s|s')\s+(.+)$/.exec(text);
  if (!match?.[1] || !match[2]) return text;
  const [owner, rest] = [withoutDeterminers(match[1]), match[2]];
  return rest.includes(' ') ? rest : `${owner} ${rest}`;
}

/** Reads "the vendor, amount and a justification" (optional items, choices) into fields. */
export function readFieldList(phrase: string): IntakeField[] {
  return readFieldListSpan(phrase).fields;
}

/** Like readFieldList, and says where the list stopped (before an item that reads as a clause). */
export function readFieldListSpan(phrase: string): { fields: IntakeField[]; end: number } {
  const fields: IntakeField[] = [];
  let optionalNext = false;
  let end = 0;
  for (const item of splitItems(phrase)) {
    const reading = readItem(item.text);
    if (reading.kind === 'stop') return { fields, end };
    end = item.end;
    if (reading.kind === 'optional') optionalNext = true;
    if (reading.kind !== 'fields') continue;
    for (const field of reading.fields) {
      fields.push(optionalNext ? { ...field, optional: true } : field);
      optionalNext = false;
    }
  }
  return { fields, end };
}

interface Item {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

// The list's items, split at commas and "and" outside parentheses, with their offsets.
function splitItems(phrase: string): Item[] {
  const masked = maskParentheses(phrase);
  const items: Item[] = [];
  let start = 0;
  for (const sep of masked.matchAll(/\s*,\s*(?:and\s+)?|\s+and\s*,?\s+|\s+as well as\s+/g)) {
    items.push({ text: phrase.slice(start, sep.index), start, end: sep.index });
    start = sep.index + sep[0].length;
  }
  items.push({ text: phrase.slice(start), start, end: phrase.trimEnd().length });
  return items;
}

/** `text` with everything inside parentheses replaced by `_`, so offsets still hold. */
export function maskParentheses(text: string): string {
  let depth = 0;
  let out = '';
  for (const ch of text) {
    if (ch === ')' && depth > 0) depth--;
    out += depth > 0 ? '_'.repeat(ch.length) : ch;
    if (ch === '(') depth++;
  }
  return out;
}

type ItemReading =
  | { kind: 'fields'; fields: IntakeField[] }
  | { kind: 'optional' }
  | { kind: 'skip' }
  | { kind: 'stop' };

function readItem(raw: string): ItemReading {
  const notes = [...raw.matchAll(/\(([^()]*)\)/g)].map((m) => readNote(m[1] ?? ''));
  const list = notes.find((n) => n.kind === 'list');
  if (list) return { kind: 'fields', fields: list.fields };
  let text = raw
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/\([^()]*\)/g, ' ')
    .replace(/["“”]/g, ' ')
    .replace(/^[\s'*•-]+|[\s.;:!?]+$/g, '')
    .replace(/\s+/g, ' ');
  const optional = notes.some((n) => n.kind === 'optional') || new RegExp(OPTIONAL).test(text);
  text = text.replace(OPTIONAL, ' ').replace(/\s+/g, ' ').trim();
  if (/^(?:etc|and so on|or similar)?$/.test(text))
    return optional ? { kind: 'optional' } : { kind: 'skip' };
  // "the downtime in hours" says its unit as "the downtime (in hours)" would.
  const unit = /\s+(?:in|as(?: an?)?)\s+(\S+)$/.exec(text);
  const unitType = unit?.[1] ? HINTS.get(unit[1]) : undefined;
  if (unit && unitType) text = text.slice(0, unit.index);
  const asked = yesNoSubject(text);
  const phrase = asked ?? cutRelative(text);
  // "has pets (yes/no)": a question the form asks, even in the words of a clause.
  const yesNo = typeFromNotes(notes) === 'boolean';
  if (asked === undefined && !yesNo && isClause(phrase)) return { kind: 'stop' };
  const name = fieldName(phrase);
  if (!name || DETERMINERS.has(name) || CONTAINERS.has(name)) return { kind: 'skip' };
  if (!/^[a-z]/.test(name) || name.length > 64) return { kind: 'stop' };
  const type = asked !== undefined ? 'boolean' : (unitType ?? typeFromNotes(notes));
  if (!type && namesApproval(name)) return { kind: 'stop' };
  const base = { name, ...(optional ? { optional: true } : {}) };
  const options = notes.find((n) => n.kind === 'options');
  if (!type && options)
    return { kind: 'fields', fields: [{ ...base, type: 'choice', options: options.options }] };
  return { kind: 'fields', fields: [fieldOf(base, type ?? fieldTypeOf(name))] };
}

function fieldOf(base: { name: string; optional?: boolean }, type: FieldType): IntakeField {
  // A choice needs options, which only a note gives; a name alone never says choice.
  return type === 'choice' ? { ...base, type: 'text' } : { ...base, type };
}

function typeFromNotes(notes: readonly Note[]): FieldType | undefined {
  for (const note of notes) if (note.kind === 'type') return note.type;
  return undefined;
}

// "a yes/no for X", "X yes/no", "whether X": the X a yes/no field asks about.
function yesNoSubject(text: string): string | undefined {
  const before = new RegExp(`^(?:an? )?${YES_NO}\\s+(?:for|on|as to|about|if|whether)\\s+(.+)$`);
  const after = new RegExp(`^(.+?)\\s*\\??\\s*${YES_NO}$`);
  const subject = before.exec(text)?.[1] ?? after.exec(text)?.[1];
  const whether = /^whether (?:or not )?(.+?)(?: or not)?$/.exec(subject ?? text)?.[1];
  if (whether !== undefined) return whetherSubject(whether);
  return subject;
}

// "whether it passed" asks about passed; "whether the laptop is encrypted", laptop_encrypted.
function whetherSubject(clause: string): string {
  const words = clause
    .replace(/\b(it|there|he|she|that)'s\b/g, '$1 is')
    .split(' ')
    .filter((w) => !AUXILIARIES.has(w) && w !== 'been' && w !== 'be');
  if (SUBJECT_PRONOUNS.has(words[0] ?? '')) words.shift();
  return words.join(' ');
}

// Whether an item reads as a clause rather than a noun phrase.
function isClause(text: string): boolean {
  const words = text.split(' ');
  const first = words[0] ?? '';
  if (CLAUSE_OPENERS.has(first) || COUNTED.test(text) || DURATION.test(text)) return true;
  // "at the same time", "in the meantime": an adverbial, not a field.
  if (BEFORE_OBJECT.has(first) && OBJECTS.has(words[1] ?? '')) return true;
  // "a safeguarding concern with the student name": the list starts after "with".
  if (words.some((w) => w === 'with' || SUBORDINATORS.has(w))) return true;
  // A pronoun that cutRelative left in place is the subject of a new clause.
  if (words.some((w, i) => i > 0 && SUBJECT_PRONOUNS.has(w))) return true;
  // "reassigned to the lead", "handed over to": a passive verb, not a modifier.
  if (/ed$/.test(first) && BEFORE_OBJECT.has(words[1] ?? '')) return true;
  return words.some(
    (w, i) =>
      AUXILIARIES.has(w) ||
      (w === 'to' && /^(?:has|have|needs?|ought)$/.test(words[i - 1] ?? '')) ||
      (i > 0 &&
        OBJECTS.has(w) &&
        !BEFORE_OBJECT.has(words[i - 1] ?? '') &&
        !DETERMINERS.has(words[i - 1] ?? '')),
  );
}

function namesApproval(name: string): boolean {
  return APPROVAL.test(name.split(/_(?:of|for|in|from|by|on|at)_/)[0] ?? name);
}

// "the system you want access to" names the system: a relative clause is not part of the name.
// After a bare pronoun ("a price override they put in the SKU") an object says it is a new
// clause, not a relative one, so the item is left whole for isClause to refuse.
function cutRelative(text: string): string {
  const words = text.split(' ');
  const at = words.findIndex(
    (w, i) => i > 0 && RELATIVES.has(w) && !DETERMINERS.has(words[i - 1] ?? ''),
  );
  if (at <= 0) return text;
  const bare = SUBJECT_PRONOUNS.has(words[at] ?? '');
  if (bare && words.slice(at + 1).some((w) => OBJECTS.has(w))) return text;
  return words.slice(0, at).join(' ');
}

// A parenthetical note: a type hint, "optional", the options of a choice, or a list of fields
// ("the form (event date, venue, contact email)").
function readNote(inner: string): Note {
  const text = inner.trim().toLowerCase();
  if (/^(?:optional|if (?:any|available|applicable|known|relevant))$/.test(text))
    return { kind: 'optional' };
  if (new RegExp(`^${YES_NO}$`).test(text)) return { kind: 'type', type: 'boolean' };
  const parts = text
    .split(/\s*,\s*(?:or\s+|and\s+)?|\s+or\s+|\s*\/\s*|\s+and\s+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length < 2) return hintOf(parts[0] ?? '');
  // Alternatives ("x, y or z") are a choice; without "or", a set naming a typed field or a
  // field of several words ("name, last day") is a list of fields.
  const typedParts = parts.filter((p) => fieldTypeOf(fieldName(p)) !== 'text').length;
  const named = typedParts >= 2 || (typedParts >= 1 && parts.some((p) => p.includes(' ')));
  if (!/\bor\b|\//.test(text) && named) return { kind: 'list', fields: readFieldList(inner) };
  return { kind: 'options', options: parts };
}

function hintOf(part: string): Note {
  const words = part
    .replace(/^(?:in|as|an?|the|number of|a number of)\s+/g, '')
    .replace(/^(?:an?|the)\s+/, '')
    .split(/\s+/);
  const type = HINTS.get(words[0] ?? '') ?? (/^[$£€]/.test(part) ? 'money' : undefined);
  return type ? { kind: 'type', type } : { kind: 'none' };
}
