/** What went wrong, in words: an error's message. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Why something failed, announced to screen readers; nothing when nothing did. */
export function Problem({ problem }: { problem: string | null }) {
  if (problem === null) return null;
  return (
    <p role="alert" class="problem">
      {problem}
    </p>
  );
}
