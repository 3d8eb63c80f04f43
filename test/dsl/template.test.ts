import { renderTemplate, templatePlaceholders } from '../../src/dsl';

describe('templates', () => {
  it('finds placeholders with their offsets, tolerating spaces inside the braces', () => {
    expect(templatePlaceholders('Hi {{vendor}}, {{ amount }} due {{Bad Name}}')).toEqual([
      { name: 'vendor', valid: true, start: 3 },
      { name: 'amount', valid: true, start: 15 },
      { name: 'Bad Name', valid: false, start: 32 },
    ]);
  });

  it('finds nothing in text without placeholders or with single braces', () => {
    expect(templatePlaceholders('{vendor} costs {{}')).toEqual([]);
  });

  it('fills placeholders from values; missing values become empty', () => {
    expect(
      renderTemplate('{{vendor}} asks {{amount}} for {{missing}}', {
        vendor: 'Acme',
        amount: 1200,
      }),
    ).toBe('Acme asks 1200 for ');
  });

  it('does not read inherited properties such as constructor', () => {
    expect(renderTemplate('[{{constructor}}]', {})).toBe('[]');
  });
});
