import { ApplicationFailure } from '@temporalio/activity';

/** A named base URL a flow's `call` steps may reach (the flow's `destinations`). */
export interface DestinationUrl {
  name: string;
  url: string;
}

/**
 * The operator's allow-list from `PLAINFLOW_CALL_ALLOWLIST`: comma-separated URL prefixes
 * (`https://crm.example.com/api,http://127.0.0.1`) that `call` steps and webhook deliveries
 * may reach, non-public addresses included. Empty or unset means any public address.
 */
export function parseAllowList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/**
 * The URL of `path` under the destination named `name`, or a non-retryable
 * `DestinationNotAllowed`: the name is not among the flow's destinations, the destination is
 * outside the operator's allow-list, or the path leaves the destination's base URL.
 */
export function resolveDestination(
  destinations: readonly DestinationUrl[],
  name: string,
  path: string,
  allowList: readonly string[] = [],
): URL {
  const destination = destinations.find((d) => d.name === name);
  if (!destination) {
    throw refused(`destination "${name}" is not among the flow's destinations`);
  }
  const base = new URL(destination.url);
  if (!allowedByOperator(base, allowList)) {
    throw refused(`destination "${name}" (${base.href}) is not on the operator's allow-list`);
  }
  const basePath = base.pathname.replace(/\/+$/, '');
  if (!path.startsWith('/')) throw refused(`the path "${path}" does not start with /`);
  const url = new URL(`${base.origin}${basePath}${path}`);
  // URL parsing resolves "..", "%2e%2e" and backslashes, so the check sees the real target.
  const inside = url.pathname === basePath || url.pathname.startsWith(`${basePath}/`);
  if (url.origin !== base.origin || !inside) {
    throw refused(`the path "${path}" leaves destination "${name}" (${base.href})`);
  }
  return url;
}

/** Whether the operator's allow-list lets requests reach `url` (an empty list lets all). */
export function allowedByOperator(url: URL, allowList: readonly string[]): boolean {
  return allowList.length === 0 || onAllowList(url, allowList);
}

/** Whether `url` is under one of the allow-list's prefixes (never, for an empty list). */
export function onAllowList(url: URL, allowList: readonly string[]): boolean {
  return allowList.some((prefix) => isUnder(url, prefix));
}

function isUnder(url: URL, prefix: string): boolean {
  let allowed: URL;
  try {
    allowed = new URL(prefix);
  } catch {
    return false;
  }
  const allowedPath = allowed.pathname.replace(/\/+$/, '');
  return (
    url.origin === allowed.origin &&
    (url.pathname.replace(/\/+$/, '') === allowedPath || url.pathname.startsWith(`${allowedPath}/`))
  );
}

function refused(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, 'DestinationNotAllowed');
}
