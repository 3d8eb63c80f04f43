import { readIntake } from '../../src/nl-compiler/frames/intake';

const fieldsOf = (sentence: string): string[] =>
  (readIntake(sentence)?.fields ?? []).map((f) => `${f.name} ${f.type}`);

describe('intake sentences', () => {
  it('reads the list after "come in with"', () => {
    const sentence =
      'Travel requests come in with the destination, the departure date and the estimated cost.';
    expect(readIntake(sentence)).toMatchObject({ manual: false, request: true });
    expect(fieldsOf(sentence)).toEqual([
      'destination text',
      'departure_date date',
      'estimated_cost money',
    ]);
  });

  it.each([
    [
      'Equipment loans: the borrower enters the item, the return date and a reason.',
      ['item text', 'return_date date', 'reason text'],
    ],
    [
      'Password resets: the employee gives us their username and a backup email.',
      ['username text', 'backup_email email'],
    ],
    [
      'Locker requests need the building, the floor and a start date.',
      ['building text', 'floor text', 'start_date date'],
    ],
    [
      'Conference passes: speaker name, talk title, number of nights.',
      ['speaker_name text', 'talk_title text', 'number_of_nights number'],
    ],
    [
      'When a repair is booked, the tenant reports it with the flat number and a photo URL.',
      ['flat_number text', 'photo_url url'],
    ],
    [
      'Every grant is filed by the applicant with the project title and the requested amount.',
      ['project_title text', 'requested_amount money'],
    ],
  ])('finds the list after its lead word: %s', (sentence, fields) => {
    expect(fieldsOf(sentence)).toEqual(fields);
  });

  it('reads a parenthesis after the topic as the list only when no lead word gives one', () => {
    expect(
      fieldsOf('Room bookings (room, booking date, attendee count): the office team confirms it.'),
    ).toEqual(['room text', 'booking_date date', 'attendee_count number']);
    expect(
      fieldsOf('Access changes (new role, old role) are logged with the user and the system.'),
    ).toEqual(['user text', 'system text']);
  });

  it('keeps a parenthesis after a field as its choices, and reads a yes/no', () => {
    const intake = readIntake(
      'The helpdesk logs the device, the fault (screen, battery or keyboard) and whether it is under warranty.',
    );
    expect(intake?.fields).toEqual([
      { name: 'device', type: 'text' },
      { name: 'fault', type: 'choice', options: ['screen', 'battery', 'keyboard'] },
      { name: 'under_warranty', type: 'boolean' },
    ]);
  });

  it('ends the list where the next clause begins and says where', () => {
    const sentence =
      'Leave requests are submitted with the first day and the last day, and the team lead approves them.';
    const intake = readIntake(sentence);
    expect(intake?.fields.map((f) => f.name)).toEqual(['first_day', 'last_day']);
    expect(sentence.slice(intake?.list?.start, intake?.list?.end)).toBe(
      'the first day and the last day',
    );
  });

  it('reads a run started by hand, with no fields', () => {
    expect(readIntake('The quarterly audit is kicked off manually by the finance team.')).toEqual(
      expect.objectContaining({ manual: true, request: false, fields: [] }),
    );
  });

  it.each([
    'Requests over $5,000 need the treasurer.',
    'The warehouse team has two days to ship it.',
    'Orders are submitted by the shop staff.',
    'The team lead reviews it within two days.',
  ])('finds no fields in "%s"', (sentence) => {
    expect(fieldsOf(sentence)).toEqual([]);
  });
});
