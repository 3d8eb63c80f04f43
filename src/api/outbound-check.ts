import { checkOutboundAddresses } from '../activities/outbound-request';
import { ApiError } from './errors';

/**
 * Refuses (400 `destination_refused`) URLs the worker would refuse to call: not http(s), or on a
 * loopback, private, link-local or metadata address after resolving the name, unless the
 * operator's allow-list names them. A name that does not resolve here passes: the worker checks
 * every delivery again.
 */
export async function assertCallable(
  urls: readonly { path: string; url: string }[],
  allowList: readonly string[],
): Promise<void> {
  const refused: { path: string; message: string }[] = [];
  for (const { path, url } of urls) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      continue;
    }
    const checked = await checkOutboundAddresses(parsed, { allowList }).catch(() => undefined);
    if (checked && 'refused' in checked) refused.push({ path, message: checked.refused });
  }
  if (refused.length > 0) {
    throw new ApiError(
      'destination_refused',
      `Plainflow does not call ${refused.length === 1 ? 'this address' : 'these addresses'}: ${refused.map((r) => r.message).join('; ')}`,
      refused,
    );
  }
}
