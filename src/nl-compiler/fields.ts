import type { FieldType, IntakeField } from '../dsl';

// Intake fields from a list like "the vendor, amount and a justification": each item's head
// noun decides its type; "(low, medium or high)" makes a choice; "optional" makes it optional.

const TYPE_BY_HEAD: readonly [RegExp, FieldType][] = [
  [/(?:^|_)(?:email|e_mail|email_address)$/, 'email'],
  [/(?:^|_)(?:link|url|website|web_address|webpage)$/, 'url'],
  [/(?:^|_)(?:date|day|deadline|birthday|start|end)$/, 'date'],
  [
    /(?:^|_)(?:amount|budget|cost|price|spend|spending|salary|fee|fees|total|value|expense|expenses|payment|revenue|invoice_total)$/,
    'money',
  ],
  [
    /(?:^|_)(?:percent|percentage|count|quantity|qty|hours|days|score|rating|headcount|size)$|^(?:number|num)_of_/,
    'number',
  ],
  [/(?:^|_)(?:flag|approved|required|urgent)$/, 'boolean'],
];

/** The type a field's name suggests; text when nothing does. */
export function fieldTypeOf(name: string): FieldType {
  for (const [pattern, type] of TYPE_BY_HEAD) if (pattern.test(name)) return type;
  return 'text';
}

/** A field name in snake_case, without articles and possessives. */
export function fieldName(phrase: string): string {
  return phrase
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/^(?:the|a|an|their|its|his|her|your|our|some|any)\s+/, '')
    .replace(/'s\b/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Reads "the vendor, amount and a justification" (optional items, choices) into fields. */
export function readFieldList(phrase: string): IntakeField[] {
  const choices = new Map<number, string[]>();
  // Protect the commas inside "(low, medium or high)" from the list split.
  const text = phrase.replace(/\(([^)]*)\)/g, (_all, inner: string, offset: number) => {
    choices.set(
      offset,
      inner
        .split(/\s*,\s*|\s+or\s+|\s+and\s+/)
        .map((o) => o.trim().toLowerCase())
        .filter(Boolean),
    );
    return `(#${offset})`;
  });
  const fields: IntakeField[] = [];
  for (const raw of text.split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s+as well as\s+/)) {
    let item = raw.trim().replace(/[.;:]+$/, '');
    if (!item) continue;
    const choiceRef = /\(#(\d+)\)/.exec(item);
    item = item.replace(/\(#\d+\)/, '').trim();
    const optional =
      /\b(?:optional|optionally)\b/i.test(item) ||
      /\bif (?:any|available|applicable)\b/i.test(item);
    item = item
      .replace(/\b(?:an? )?optional(?:ly)?\b|\bif (?:any|available|applicable)\b/gi, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const name = fieldName(item);
    if (!name || !/^[a-z]/.test(name)) continue;
    const options = choiceRef ? choices.get(Number(choiceRef[1])) : undefined;
    const base = { name, ...(optional ? { optional: true } : {}) };
    if (options && options.length > 0) fields.push({ ...base, type: 'choice', options });
    else {
      const type = fieldTypeOf(name);
      fields.push(
        type === 'choice' || type === 'money'
          ? ({ ...base, type } as IntakeField)
          : { ...base, type },
      );
    }
  }
  return fields;
}
