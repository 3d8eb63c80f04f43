import { useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from './problem';

let renders = 0;

/** How a class of marked steps is drawn. */
const MARKS = {
  waiting: 'fill:#f2d16b,stroke:#7a5a00,stroke-width:3px',
  added: 'fill:#cdebd3,stroke:#1e6b34,stroke-width:3px',
  removed: 'fill:#f8d3d0,stroke:#a4161a,stroke-width:3px,stroke-dasharray:5 3',
  changed: 'fill:#f2d16b,stroke:#7a5a00,stroke-width:3px',
} as const;

/** A flow's diagram with steps marked, per class (a step's node is `s_<step id>`). */
export function markSteps(
  diagram: string,
  marked: Partial<Record<keyof typeof MARKS, readonly string[]>>,
): string {
  const lines = [diagram];
  for (const [mark, steps] of Object.entries(marked)) {
    if (steps.length === 0) continue;
    lines.push(`  classDef ${mark} ${MARKS[mark as keyof typeof MARKS]}`);
    lines.push(`  class ${steps.map((step) => `s_${step}`).join(',')} ${mark}`);
  }
  return lines.join('\n');
}

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
