import {
  fieldName,
  fieldTypeOf,
  readFieldList,
  readFieldListSpan,
} from '../../src/nl-compiler/fields';

// Compact "name type" strings, with " optional" and the options of a choice.
const read = (list: string): string[] =>
  readFieldList(list).map(
    (f) =>
      `${f.name} ${f.type}${f.optional ? ' optional' : ''}` +
      (f.type === 'choice' ? ` [${f.options.join('|')}]` : ''),
  );

describe('field names', () => {
  it.each([
    ['the parcel ID', 'parcel_id'],
    ['their billing email', 'billing_email'],
    ["the visitor's home address", 'home_address'],
    ["the visitor's name", 'visitor_name'],
    ["the trainees' names", 'trainee_names'],
    ['the delay (in weeks)', 'delay'],
    ['a reply-by date', 'reply_by'],
    ['a drop-off date', 'drop_off_date'],
    ['a photo link as proof', 'photo_link'],
    ['an "out of hours" flag', 'out_of_hours_flag'],
    ['the E-mail address', 'email_address'],
  ])('%s → %s', (phrase, name) => {
    expect(fieldName(phrase)).toBe(name);
  });
});

describe('field types from the name', () => {
  it.each([
    ['invoice_amount', 'money'],
    ['hourly_rate', 'money'],
    ['interest_rate', 'number'],
    ['salary_cap', 'money'],
    ['cost_change', 'money'],
    ['monthly_rent', 'money'],
    ['return_date', 'date'],
    ['date_of_purchase', 'date'],
    ['date_signed', 'date'],
    ['reply_by', 'date'],
    ['checked_by', 'person'],
    ['backup_email', 'email'],
    ['email_address', 'email'],
    ['web_address', 'url'],
    ['portfolio_link', 'url'],
    ['number_of_laptops', 'number'],
    ['team_size', 'number'],
    ['order_number', 'text'],
    ['responsible_team', 'team'],
    ['budget_owner', 'person'],
    ['parking_required', 'boolean'],
    ['summary', 'text'],
  ])('%s is %s', (name, type) => {
    expect(fieldTypeOf(name)).toBe(type);
  });
});

describe('field lists', () => {
  it('types each item by its head noun', () => {
    expect(
      read(
        'the supplier, the invoice amount, the delivery date, a billing email, a portfolio link, ' +
          'the number of laptops, the responsible team, the account owner and a short summary',
      ),
    ).toEqual([
      'supplier text',
      'invoice_amount money',
      'delivery_date date',
      'billing_email email',
      'portfolio_link url',
      'number_of_laptops number',
      'responsible_team team',
      'account_owner person',
      'short_summary text',
    ]);
  });

  it('splits on commas, "and" and "as well as", but not inside parentheses', () => {
    expect(read('the room as well as the floor, and the desk (left, right or centre)')).toEqual([
      'room text',
      'floor text',
      'desk choice [left|right|centre]',
    ]);
  });

  it('reads a parenthesis of alternatives as the options of a choice, lowercased', () => {
    expect(read('the severity (Minor, Major or Critical) and a note')).toEqual([
      'severity choice [minor|major|critical]',
      'note text',
    ]);
  });

  it.each([
    ['a yes/no for parking needed', 'parking_needed boolean'],
    ['an "external guests" yes/no', 'external_guests boolean'],
    ['catering required (y/n)', 'catering_required boolean'],
    ['remote work (Yes/No)', 'remote_work boolean'],
    ['whether the room is accessible', 'room_accessible boolean'],
    ["whether it's been paid", 'paid boolean'],
  ])('reads %s as a yes/no field', (list, field) => {
    expect(read(list)).toEqual([field]);
  });

  it.each([
    ['the delay (in weeks)', 'delay number'],
    ['the load (kg)', 'load number'],
    ['the uptime (as a percentage)', 'uptime number'],
    ['the prior incidents (a count)', 'prior_incidents number'],
    ['the downtime in hours', 'downtime number'],
    ['the reviewer (person)', 'reviewer person'],
    ['the budget holder (team picker)', 'budget_holder team'],
    ['the ticket ref (e.g. ABC-12)', 'ticket_ref text'],
  ])('takes the type a note gives: %s', (list, field) => {
    expect(read(list)).toEqual([field]);
  });

  it('marks optional items, before or after the noun', () => {
    expect(read('the phone number, a PO number if any and, optionally, a second contact')).toEqual([
      'phone_number text',
      'po_number text optional',
      'second_contact text optional',
    ]);
    expect(read('an optional cover note (optional)')).toEqual(['cover_note text optional']);
  });

  it('drops a relative clause from the name', () => {
    expect(read('the laptop model you would like and the reason')).toEqual([
      'laptop_model text',
      'reason text',
    ]);
  });

  it('reads a parenthesis of typed fields after a container noun as the fields', () => {
    expect(read('the booking form (arrival date, guest count, contact email)')).toEqual([
      'arrival_date date',
      'guest_count number',
      'contact_email email',
    ]);
  });

  it('ends the list at an item that reads as a clause', () => {
    const list =
      'the room, the date and the attendee count, and the office manager confirms the booking';
    const span = readFieldListSpan(list);
    expect(span.fields.map((f) => f.name)).toEqual(['room', 'date', 'attendee_count']);
    expect(list.slice(0, span.end)).toBe('the room, the date and the attendee count');
  });

  it.each([
    'the model and the colour, then IT orders it',
    'the model and the colour, which the buyer checks',
    'the model and the colour, within 3 business days',
    'the model and the colour, and we tell the buyer',
    'the model and the colour, and the buyer must sign it',
  ])('keeps only the noun phrases of "%s"', (list) => {
    expect(read(list)).toEqual(['model text', 'colour text']);
  });

  it.each([
    [''],
    [' , and '],
    ['approve it, notify the team and close the ticket'],
    ['within 3 business days'],
    ['two senior engineers'],
    ["the director's approval"],
    ['at the same time, the desk team'],
    ['the form'],
  ])('finds no fields in "%s"', (list) => {
    expect(readFieldList(list)).toEqual([]);
  });
});
