/** A moment, in the reader's own time. */
export const when = (at: string) => <time dateTime={at}>{new Date(at).toLocaleString()}</time>;
