import { useEffect, useRef, useState } from 'preact/hooks';
import { answered, type AnswerForm } from '../../src/nl-compiler/diagnostic';
import { api, type CompilePreview, type Deployed, type Span } from './api';
import { Diagram } from './diagram';
import { Problem, messageOf } from './problem';

/** How long typing must pause before the text is compiled again. */
const DEBOUNCE_MS = 400;

/** One thing the compiler is unsure of, on the words it is about. */
interface Unclear {
  kind: 'error' | 'warning' | 'question';
  text: string;
  span: Span;
  /** Where an answer goes in the text, for a question that has a place for one. */
  answer?: AnswerForm;
}

function problemsOf(preview: CompilePreview): Unclear[] {
  return [
    ...preview.questions.map((q): Unclear => ({
      kind: 'question',
      text: q.question,
      span: q.span,
      ...(q.answer ? { answer: q.answer } : {}),
    })),
    ...preview.diagnostics.map((d): Unclear => ({
      kind: d.severity,
      text: d.message,
      span: d.span,
    })),
  ].sort((a, b) => a.span.start - b.span.start);
}

/**
 * The text with the words each problem is about marked, and the source phrase of each step
 * marked too (the chosen step's brighter); clicking a phrase chooses its step.
 */
function MarkedText({
  text,
  problems,
  steps,
  chosen,
  onChoose,
}: {
  text: string;
  problems: Unclear[];
  steps: [string, Span][];
  chosen: string | null;
  onChoose: (step: string) => void;
}) {
  const cuts = new Set([0, text.length]);
  for (const { span } of [...problems, ...steps.map(([, span]) => ({ span }))]) {
    cuts.add(Math.max(0, Math.min(text.length, span.start)));
    cuts.add(Math.max(0, Math.min(text.length, span.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces = points.slice(0, -1).map((start, i) => {
    const end = points[i + 1] ?? text.length;
    const inside = (span: Span) => span.start <= start && end <= span.end && span.start < span.end;
    const problem = problems.find((p) => inside(p.span));
    const step = steps.find(([, span]) => inside(span))?.[0];
    const words = text.slice(start, end);
    if (problem) {
      return (
        <mark key={start} class={`problem-words ${problem.kind}`} title={problem.text}>
          {words}
        </mark>
      );
    }
    if (step !== undefined) {
      return (
        <button
          key={start}
          type="button"
          class={`phrase${step === chosen ? ' chosen' : ''}`}
          aria-pressed={step === chosen}
          onClick={() => onChoose(step)}
        >
          {words}
        </button>
      );
    }
    return <span key={start}>{words}</span>;
  });
  return <p class="marked">{pieces}</p>;
}

/**
 * A question answered in place: the answer goes into the text where the compiler reads it ("is
 * approved" → "is approved by the finance team"), and the text is read again.
 */
function AnswerBox({
  id,
  question,
  disabled,
  onAnswer,
}: {
  id: string;
  question: string;
  disabled: boolean;
  onAnswer: (answer: string) => void;
}) {
  const [answer, setAnswer] = useState('');
  return (
    <form
      class="answer"
      onSubmit={(event) => {
        event.preventDefault();
        if (answer.trim() !== '') onAnswer(answer);
      }}
    >
      <label for={id}>Answer: {question}</label>
      <input
        id={id}
        value={answer}
        placeholder="a person's email, a role or a team"
        onInput={(event) => setAnswer(event.currentTarget.value)}
      />
      <button type="submit" disabled={disabled || answer.trim() === ''}>
        Answer
      </button>
    </form>
  );
}

/** The body of `POST /compile` and `POST /flows`: the text, and a name and team if given. */
function requestOf(text: string, name: string, ownerTeam: string) {
  return {
    text,
    ...(name.trim() ? { name: name.trim() } : {}),
    ...(ownerTeam.trim() ? { ownerTeam: ownerTeam.trim() } : {}),
  };
}

/** Writing a flow in English: the preview as you type, and deploying it once nothing is unclear. */
export function BuilderPage() {
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const [ownerTeam, setOwnerTeam] = useState('');
  const [preview, setPreview] = useState<CompilePreview | null>(null);
  /** The text the preview was read from: answers are put into that text only. */
  const [read, setRead] = useState('');
  const [compiling, setCompiling] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [deployed, setDeployed] = useState<Deployed | null>(null);
  const [deploying, setDeploying] = useState(false);
  const asked = useRef(0);

  useEffect(() => {
    setDeployed(null);
    if (text.trim() === '') {
      setPreview(null);
      return undefined;
    }
    const ask = ++asked.current;
    const timer = setTimeout(() => {
      setCompiling(true);
      api<CompilePreview>('POST', '/compile', requestOf(text, name, ownerTeam)).then(
        (answer) => {
          if (ask !== asked.current) return;
          setPreview(answer);
          setRead(text);
          setProblem(null);
          setCompiling(false);
        },
        (err: unknown) => {
          if (ask !== asked.current) return;
          setProblem(messageOf(err));
          setCompiling(false);
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, name, ownerTeam]);

  const deploy = async () => {
    setDeploying(true);
    setProblem(null);
    try {
      setDeployed(await api<Deployed>('POST', '/flows', requestOf(text, name, ownerTeam)));
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setDeploying(false);
    }
  };

  const problems = preview ? problemsOf(preview) : [];
  const steps = preview ? Object.entries(preview.spans) : [];
  const unresolved = problems.filter((p) => p.kind !== 'warning').length;

  return (
    <main class="page wide">
      <h1>Build a flow</h1>
      <div class="builder">
        <section aria-labelledby="describe">
          <h2 id="describe">Describe it</h2>
          <label for="flow-text">The flow in plain English</label>
          <textarea
            id="flow-text"
            rows={9}
            maxLength={20000}
            value={text}
            onInput={(event) => setText(event.currentTarget.value)}
          />
          <div class="pair">
            <div>
              <label for="flow-name">Name (optional)</label>
              <input
                id="flow-name"
                value={name}
                onInput={(event) => setName(event.currentTarget.value)}
              />
            </div>
            <div>
              <label for="flow-team">Owning team (optional)</label>
              <input
                id="flow-team"
                value={ownerTeam}
                onInput={(event) => setOwnerTeam(event.currentTarget.value)}
              />
            </div>
          </div>
          {preview && text.trim() !== '' && (
            <>
              <h3>How it was read</h3>
              <MarkedText
                text={text}
                problems={problems}
                steps={steps}
                chosen={chosen}
                onChoose={setChosen}
              />
            </>
          )}
        </section>
        <section aria-labelledby="preview">
          <h2 id="preview">What it will do</h2>
          <p class="status" role="status" aria-live="polite">
            {text.trim() === ''
              ? 'Write the flow on the left; its preview appears here.'
              : compiling || preview === null
                ? 'Reading…'
                : preview.deployable
                  ? 'Nothing is unclear: ready to deploy.'
                  : unresolved === 0
                    ? 'It cannot be deployed as it is.'
                    : `${unresolved} ${unresolved === 1 ? 'thing' : 'things'} to resolve before it can be deployed.`}
          </p>
          <Problem problem={problem} />
          {problems.length > 0 && (
            <>
              <h3>Questions and problems</h3>
              <ul class="problems">
                {problems.map((p) => (
                  <li key={`${p.kind}-${p.span.start}-${p.text}`} class={p.kind}>
                    <span class="tag">{p.kind}</span> {p.text}{' '}
                    <q>{text.slice(p.span.start, p.span.end)}</q>
                    {p.answer ? (
                      <AnswerBox
                        id={`answer-${p.span.start}`}
                        question={p.text}
                        disabled={compiling || read !== text}
                        onAnswer={(answer) => p.answer && setText(answered(read, p.answer, answer))}
                      />
                    ) : (
                      p.kind === 'question' && (
                        <span class="hint"> Rewrite these words to say who.</span>
                      )
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
          {steps.length > 0 && (
            <>
              <h3>Steps</h3>
              <div class="chips">
                {steps.map(([id]) => (
                  <button
                    key={id}
                    type="button"
                    class={`chip${id === chosen ? ' chosen' : ''}`}
                    aria-pressed={id === chosen}
                    onClick={() => setChosen(id === chosen ? null : id)}
                  >
                    {id}
                  </button>
                ))}
              </div>
            </>
          )}
          {preview?.diagram && (
            <>
              <h3>Diagram</h3>
              <Diagram
                source={preview.diagram}
                label={`Diagram of the flow ${preview.flow?.name ?? ''}`}
              />
            </>
          )}
          {preview && preview.explanation.length > 0 && (
            <>
              <h3>Explanation</h3>
              <ul class="explanation">
                {preview.explanation.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            </>
          )}
          <div class="actions">
            <button
              type="button"
              disabled={!preview?.deployable || compiling || deploying}
              onClick={() => void deploy()}
            >
              {deploying ? 'Deploying…' : 'Deploy'}
            </button>
          </div>
          {deployed && (
            <p class="done" role="status">
              Deployed {deployed.name} version {deployed.version}.
            </p>
          )}
        </section>
      </div>
    </main>
  );
}
