import { useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from './problem';

let renders = 0;

/** A Mermaid flowchart drawn in the page; Mermaid is loaded the first time one is drawn. */
export function Diagram({ source, label }: { source: string; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void (async () => {
      try {
        const { default: mermaid } = await import('mermaid');
        mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral' });
        renders += 1;
        const { svg } = await mermaid.render(`flow-diagram-${renders}`, source);
        if (current && box.current) {
          box.current.innerHTML = svg;
          setProblem(null);
        }
      } catch (err) {
        if (current) setProblem(messageOf(err));
      }
    })();
    return () => {
      current = false;
    };
  }, [source]);

  return (
    <figure class="diagram">
      <div ref={box} role="img" aria-label={label} />
      {problem !== null && (
        <figcaption class="problem">The diagram could not be drawn: {problem}</figcaption>
      )}
    </figure>
  );
}
