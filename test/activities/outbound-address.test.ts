import { nonPublicRange } from '../../src/activities/outbound-address';

/** The range of the host a URL names, as the worker would see it after URL parsing. */
const rangeOfUrl = (url: string) => nonPublicRange(new URL(url).hostname);

describe('telling public addresses from the rest', () => {
  it('names the loopback, private, shared and link-local IPv4 ranges', () => {
    expect(nonPublicRange('127.0.0.1')).toBe('loopback');
    expect(nonPublicRange('127.255.255.254')).toBe('loopback');
    expect(nonPublicRange('10.1.2.3')).toBe('private');
    expect(nonPublicRange('172.16.0.1')).toBe('private');
    expect(nonPublicRange('172.31.255.255')).toBe('private');
    expect(nonPublicRange('192.168.1.1')).toBe('private');
    expect(nonPublicRange('100.64.0.1')).toBe('shared (carrier-grade NAT)');
    expect(nonPublicRange('100.127.255.255')).toBe('shared (carrier-grade NAT)');
    expect(nonPublicRange('169.254.1.1')).toBe('link-local');
  });

  it('names unspecified, broadcast, multicast and reserved IPv4 addresses', () => {
    expect(nonPublicRange('0.0.0.0')).toBe('unspecified');
    expect(nonPublicRange('0.1.2.3')).toBe('unspecified');
    expect(nonPublicRange('255.255.255.255')).toBe('broadcast');
    expect(nonPublicRange('224.0.0.1')).toBe('multicast');
    expect(nonPublicRange('239.255.255.250')).toBe('multicast');
    for (const address of ['192.0.2.1', '198.18.0.1', '198.51.100.7', '203.0.113.9', '240.0.0.1']) {
      expect(nonPublicRange(address)).toBe('reserved');
    }
  });

  it('names the cloud metadata addresses before the ranges around them', () => {
    expect(nonPublicRange('169.254.169.254')).toBe('cloud metadata');
    expect(nonPublicRange('fd00:ec2::254')).toBe('cloud metadata');
    expect(nonPublicRange('168.63.129.16')).toBe('cloud metadata');
    expect(nonPublicRange('100.100.100.200')).toBe('cloud metadata');
  });

  it('lets public IPv4 addresses through, up to the edges of the ranges', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '100.63.255.255']) {
      expect(nonPublicRange(address)).toBeUndefined();
    }
    expect(nonPublicRange('11.0.0.0')).toBeUndefined();
    expect(nonPublicRange('223.255.255.255')).toBeUndefined();
  });

  it('names the IPv6 ranges, written short, long or bracketed', () => {
    expect(nonPublicRange('::1')).toBe('loopback');
    expect(nonPublicRange('0:0:0:0:0:0:0:1')).toBe('loopback');
    expect(nonPublicRange('[::1]')).toBe('loopback');
    expect(nonPublicRange('::')).toBe('unspecified');
    expect(nonPublicRange('fc00::1')).toBe('private');
    expect(nonPublicRange('fd12:3456:789a::1')).toBe('private');
    expect(nonPublicRange('fe80::1')).toBe('link-local');
    expect(nonPublicRange('fe80::1%eth0')).toBe('link-local');
    expect(nonPublicRange('ff02::1')).toBe('multicast');
    for (const address of ['2001:db8::1', '2002:7f00:1::', '2001::1', '100::1', 'fec0::1']) {
      expect(nonPublicRange(address)).toBe('reserved');
    }
    // Outside global unicast (2000::/3) nothing is public.
    expect(nonPublicRange('4000::1')).toBe('reserved');
  });

  it('judges IPv4-mapped and NAT64 IPv6 addresses by the IPv4 address inside', () => {
    expect(nonPublicRange('::ffff:127.0.0.1')).toBe('loopback');
    expect(nonPublicRange('::ffff:7f00:1')).toBe('loopback');
    expect(nonPublicRange('::FFFF:169.254.169.254')).toBe('cloud metadata');
    expect(nonPublicRange('::ffff:10.0.0.1')).toBe('private');
    expect(nonPublicRange('64:ff9b::192.168.0.1')).toBe('private');
    expect(nonPublicRange('::ffff:0.0.0.0')).toBe('unspecified');
    expect(nonPublicRange('::127.0.0.1')).toBe('reserved');
    expect(nonPublicRange('::ffff:8.8.8.8')).toBeUndefined();
    expect(nonPublicRange('64:ff9b::8.8.8.8')).toBeUndefined();
  });

  it('lets public IPv6 addresses through', () => {
    expect(nonPublicRange('2606:4700:4700::1111')).toBeUndefined();
    expect(nonPublicRange('2a00:1450:4001:80b::200e')).toBeUndefined();
  });

  it('sees through the odd spellings the URL parser turns into loopback', () => {
    for (const url of [
      'http://127.0.0.1/',
      'http://2130706433/',
      'http://0x7f000001/',
      'http://0x7f.1/',
      'http://0177.0.0.1/',
      'http://127.1/',
      'http://%31%32%37.0.0.1/',
      'http://[::1]/',
      'http://[0:0:0:0:0:0:0:1]/',
      'http://[::ffff:127.0.0.1]/',
    ]) {
      expect([url, rangeOfUrl(url)]).toEqual([url, 'loopback']);
    }
    expect(rangeOfUrl('http://0/')).toBe('unspecified');
    expect(rangeOfUrl('http://[::]/')).toBe('unspecified');
    expect(rangeOfUrl('http://0xa9fea9fe/')).toBe('cloud metadata');
  });

  it('does not take a host name for an address', () => {
    expect(nonPublicRange('localhost')).toBe('not an IP address');
    expect(nonPublicRange('127.0.0.1.nip.io')).toBe('not an IP address');
  });
});
