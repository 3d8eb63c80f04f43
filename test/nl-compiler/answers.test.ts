import { compile } from '../../src/nl-compiler/compile';
import { answered, type CompileQuestion } from '../../src/nl-compiler/diagnostic';
import { VERBS } from '../../src/nl-compiler/lexicon/verb-classes';

const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** The text with every question that has a place for its answer answered with `party`. */
function answerAll(text: string, party: string): { text: string; asked: CompileQuestion[] } {
  const asked: CompileQuestion[] = [];
  let said = text;
  for (;;) {
    const question = compile(said).questions.find((q) => q.answer);
    if (!question?.answer || asked.length > 10) return { text: said, asked };
    asked.push(question);
    said = answered(said, question.answer, party);
  }
}

describe('answering a question in the text', () => {
  it('puts the answer where each form of a clause reads it, and the question goes', () => {
    const cases: [string, string, string][] = [
      ['Staff log a ticket. Approve it.', 'the duty manager', 'approval any to=role:duty-manager'],
      ['Staff log a ticket. It is then approved.', 'the ops team', 'approval any to=team:ops'],
      ['Staff log a ticket. It needs sign-off.', 'their manager', 'approval any to=manager'],
      ['Staff log a ticket. Then notify.', 'the ops team', 'notify to=team:ops'],
      // What is sent is not who is told: "send a summary" asks, and the answer goes after it.
      ['Staff log a ticket. Then send a summary.', 'the landlord', 'notify to=role:landlord'],
      ['Staff log a ticket. Then hand it over.', 'the ops team', 'handoff to=team:ops'],
      ['Staff log a ticket. It is then passed on.', 'the ops team', 'handoff to=team:ops'],
      [
        'Staff log a ticket. The ticket is triaged.',
        'dana@example.com',
        'task to=person:dana@example.com',
      ],
      ['Staff log a ticket. Then triage the ticket.', 'the ops team', 'task to=team:ops'],
      ['Staff log a ticket. It gets sorted out quickly.', 'the ops team', 'task to=team:ops'],
    ];
    for (const [text, party, step] of cases) {
      const { text: after, asked } = answerAll(text, party);
      expect(asked.length).toBeGreaterThan(0);
      const result = compile(after);
      expect({ after, questions: result.questions, diagnostics: result.diagnostics }).toEqual({
        after,
        questions: [],
        diagnostics: [],
      });
      expect(result.outline).toContain(step);
    }
  });

  it('makes a command its answer’s own act, for every verb of work', () => {
    let read = 0;
    for (const verb of VERBS.work.filter((v) => /^[a-z]+$/.test(v))) {
      const text = `Staff log a ticket. ${capital(verb)} the ticket.`;
      const question = compile(text).questions[0];
      if (question?.code !== 'missing-assignee') continue;
      expect(question.answer).toBeDefined();
      const after = answered(text, question.answer!, 'the ops team');
      expect(after.startsWith('Staff log a ticket. The ops team ')).toBe(true);
      expect(compile(after).questions).toEqual([]);
      expect(compile(after).outline).toContain('task to=team:ops');
      read += 1;
    }
    expect(read).toBeGreaterThan(VERBS.work.length / 2);
  });

  it('writes an address as it is, even where it opens a sentence', () => {
    const text = 'Staff log a ticket. Triage the ticket.';
    const question = compile(text).questions[0];
    expect(answered(text, question!.answer!, 'dana@example.com')).toBe(
      'Staff log a ticket. dana@example.com must triage the ticket.',
    );
  });

  it('offers no place where the clause has none, and the author rewrites it', () => {
    const { questions } = compile('Staff log a ticket. Someone in the back office approves.');
    expect(questions.every((q) => q.answer === undefined)).toBe(true);
  });
});
