import type { FormField } from './api';

/** What a form's inputs hold, by field name. */
export type Values = Record<string, string | boolean>;

/** A form value as the API takes it; undefined leaves an empty optional field out. */
function fieldValue(field: FormField, value: string | boolean | undefined) {
  if (field.type === 'boolean') return value === true;
  if (value === undefined || value === '' || value === false) return undefined;
  if (field.type === 'number' || field.type === 'money') return Number(value);
  return value;
}

/** A form's values as the API takes them, empty optional fields left out. */
export function formValues(fields: readonly FormField[], values: Values) {
  return Object.fromEntries(
    fields.flatMap((field) => {
      const value = fieldValue(field, values[field.name]);
      return value === undefined ? [] : [[field.name, value]];
    }),
  );
}

/** A form's fields, each with its input; ids are `<idPrefix>-<field>`. */
export function FormFields({
  idPrefix,
  fields,
  values,
  onChange,
}: {
  idPrefix: string;
  fields: readonly FormField[];
  values: Values;
  onChange: (values: Values) => void;
}) {
  return (
    <>
      {fields.map((field) => (
        <InputField
          key={field.name}
          id={`${idPrefix}-${field.name}`}
          field={field}
          value={values[field.name]}
          onChange={(value) => onChange({ ...values, [field.name]: value })}
        />
      ))}
    </>
  );
}

/** One typed field of a form, with its label. */
function InputField({
  id,
  field,
  value,
  onChange,
}: {
  id: string;
  field: FormField;
  value: string | boolean | undefined;
  onChange: (value: string | boolean) => void;
}) {
  const label = `${field.label ?? field.name.replaceAll('_', ' ')}${field.optional ? ' (optional)' : ''}`;
  if (field.type === 'boolean') {
    return (
      <div class="field check">
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(event) => onChange(event.currentTarget.checked)}
        />
        <label for={id}>{label}</label>
      </div>
    );
  }
  if (field.type === 'choice') {
    return (
      <div class="field">
        <label for={id}>{label}</label>
        <select
          id={id}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.currentTarget.value)}
        >
          <option value="">Choose…</option>
          {(field.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </div>
    );
  }
  const common = {
    id,
    required: field.optional !== true,
    value: typeof value === 'string' ? value : '',
    onInput: (event: Event) => onChange((event.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class="field">
      <label for={id}>
        {label}
        {field.type === 'money' && field.currency ? ` (${field.currency})` : ''}
      </label>
      {field.type === 'date' ? (
        <input type="date" {...common} />
      ) : field.type === 'text' ? (
        <input type="text" {...common} />
      ) : (
        <input type="number" step="any" {...common} />
      )}
    </div>
  );
}
