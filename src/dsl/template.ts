import { isSnakeCase } from './names';

/** A `{{name}}` placeholder in a message, path or payload template. */
export interface Placeholder {
  /** The text between the braces, trimmed. */
  readonly name: string;
  /** Whether `name` is a snake_case field name. */
  readonly valid: boolean;
  /** Offset of the opening `{{`. */
  readonly start: number;
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/** The placeholders of a template, in order. */
export function templatePlaceholders(template: string): Placeholder[] {
  const found: Placeholder[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = (match[1] ?? '').trim();
    found.push({ name, valid: isSnakeCase(name), start: match.index });
  }
  return found;
}

/** Fills placeholders from `values`; a missing value becomes the empty string. */
export function renderTemplate(
  template: string,
  values: Readonly<Record<string, unknown>>,
): string {
  return template.replace(PLACEHOLDER, (_whole, inner: string) => {
    const name = inner.trim();
    // Own keys only, so "{{constructor}}" cannot reach Object.prototype.
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined || value === null) return '';
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}
