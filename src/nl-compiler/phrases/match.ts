/** A value found in a text, with the [start, end) character offsets of the words it came from. */
export interface Match<T> {
  value: T;
  start: number;
  end: number;
}
