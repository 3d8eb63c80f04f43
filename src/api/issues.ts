/** Zod issues as `{ path, message }`, for the `details` of a 400. */
export function issuesOf(error: { issues: { path: PropertyKey[]; message: string }[] }) {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}
