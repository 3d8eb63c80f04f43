import { textProblem } from '../../dsl';

/** The free text an update request may carry, as a Temporal client sends it (unchecked). */
export interface RequestText {
  actor?: unknown;
  to?: unknown;
  comment?: unknown;
  fields?: unknown;
}

/**
 * Why the text of an update request is refused (a NUL, a lone surrogate or a control character
 * the work store could not keep or people could not read), or undefined. The API refuses the
 * same; this holds for Temporal clients too, before a step writes the text.
 */
export function requestTextProblem(request: RequestText): string | undefined {
  const problems: (string | undefined)[] = [
    typeof request.actor === 'string'
      ? named('actor', textProblem(request.actor, 'line'))
      : undefined,
    typeof request.to === 'string' ? named('to', textProblem(request.to, 'line')) : undefined,
    typeof request.comment === 'string'
      ? named('comment', textProblem(request.comment, 'lines'))
      : undefined,
  ];
  const { fields } = request;
  if (typeof fields === 'object' && fields !== null) {
    for (const [name, value] of Object.entries(fields)) {
      // Quoted as JSON: the name itself may hold the character refused.
      const quoted = JSON.stringify(name);
      problems.push(named(`the field name ${quoted}`, textProblem(name, 'line')));
      if (typeof value === 'string') {
        problems.push(named(`field ${quoted}`, textProblem(value, 'lines')));
      }
    }
  }
  return problems.find((problem) => problem !== undefined);
}

function named(what: string, problem: string | undefined): string | undefined {
  return problem === undefined ? undefined : `${what} ${problem}`;
}
