import { BlockList, isIPv4, isIPv6 } from 'node:net';

// From IANA's special-purpose address registries. The first range that holds an address names it,
// so the narrow metadata addresses come before the link-local and private ranges around them.
const NON_PUBLIC: ReadonlyArray<readonly [name: string, subnets: readonly string[]]> = [
  [
    'cloud metadata',
    // AWS, GCP, Azure and others (v4 and EC2's v6), Azure's wire server, Alibaba Cloud.
    ['169.254.169.254/32', 'fd00:ec2::254/128', '168.63.129.16/32', '100.100.100.200/32'],
  ],
  ['loopback', ['127.0.0.0/8', '::1/128']],
  ['unspecified', ['0.0.0.0/8', '::/128']],
  ['private', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7']],
  ['shared (carrier-grade NAT)', ['100.64.0.0/10']],
  ['link-local', ['169.254.0.0/16', 'fe80::/10']],
  ['broadcast', ['255.255.255.255/32']],
  ['multicast', ['224.0.0.0/4', 'ff00::/8']],
  [
    'reserved',
    [
      ...['192.0.0.0/24', '192.0.2.0/24', '192.88.99.0/24', '198.18.0.0/15', '198.51.100.0/24'],
      ...['203.0.113.0/24', '240.0.0.0/4'],
      // IPv4-compatible, discard-only, IETF protocols (Teredo), documentation, 6to4, site-local.
      ...['::/96', '100::/64', '2001::/23', '2001:db8::/32', '2002::/16', '3fff::/20', 'fec0::/10'],
    ],
  ],
];

/** One block list per range and family: Node's lists match IPv4 rules against mapped IPv6. */
const RANGES = NON_PUBLIC.map(([name, subnets]) => {
  const ipv4 = new BlockList();
  const ipv6 = new BlockList();
  for (const subnet of subnets) {
    const [network = '', prefix = ''] = subnet.split('/');
    if (isIPv4(network)) ipv4.addSubnet(network, Number(prefix), 'ipv4');
    else ipv6.addSubnet(network, Number(prefix), 'ipv6');
  }
  return { name, ipv4, ipv6 };
});

const GLOBAL_UNICAST = new BlockList();
GLOBAL_UNICAST.addSubnet('2000::', 3, 'ipv6');

// WHATWG URL serialises IPv6 canonically (RFC 5952), so an embedded IPv4 is the last two groups.
const EMBEDS_IPV4 = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/**
 * The kind of non-public range an IP address is in ("loopback", "private", "cloud metadata", …),
 * or undefined for an address on the public internet. IPv4-mapped (`::ffff:127.0.0.1`) and
 * NAT64 (`64:ff9b::10.0.0.1`) addresses are judged by the IPv4 address they carry; anything that
 * is not an IP address at all counts as "not an IP address".
 */
export function nonPublicRange(address: string): string | undefined {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (isIPv4(bare)) return RANGES.find((range) => range.ipv4.check(bare, 'ipv4'))?.name;
  if (!isIPv6(bare)) return 'not an IP address';
  const canonical = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  const embedded = EMBEDS_IPV4.exec(canonical);
  if (embedded) return nonPublicRange(ipv4Of(embedded[1] ?? '0', embedded[2] ?? '0'));
  const named = RANGES.find((range) => range.ipv6.check(canonical, 'ipv6'))?.name;
  return named ?? (GLOBAL_UNICAST.check(canonical, 'ipv6') ? undefined : 'reserved');
}

function ipv4Of(high: string, low: string): string {
  const words = [parseInt(high, 16), parseInt(low, 16)];
  return words.flatMap((word) => [word >> 8, word & 0xff]).join('.');
}
