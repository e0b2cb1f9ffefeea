// Where a webhook may be sent: public internet addresses only. A URL naming a private, loopback,
// link-local (cloud metadata: 169.254.169.254), multicast or reserved address — directly or
// through DNS — is refused, unless the operator allows private targets (WEBHOOK_ALLOW_PRIVATE, e.g.
// for a receiver on the same network). The check runs again on the address actually connected to,
// so a name that resolves to a public address when saved and a private one later (DNS rebinding)
// is still refused.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { invalidField } from '../errors';

/** The only ranges a webhook may reach; everything else (private, loopback, link-local…) is refused. */
const PUBLIC_RANGES = new Set(['unicast']);

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  // ::ffff:10.0.0.1 is 10.0.0.1.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return PUBLIC_RANGES.has(parsed.range());
}

export interface TargetPolicy {
  /** Lets webhooks reach private and loopback addresses (an operator's choice, off by default). */
  allowPrivate: boolean;
}

/** Checks what can be checked without the network: scheme, credentials, and a literal address. */
export function checkWebhookUrl(url: string, policy: TargetPolicy, field = 'url'): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidField(field, 'is not a URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw invalidField(field, 'must be http or https');
  if (parsed.username || parsed.password) throw invalidField(field, 'must not carry a user name or password');
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (!policy.allowPrivate) {
    if (isIP(host) && !isPublicAddress(host)) throw invalidField(field, 'points to a private or reserved address');
    if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || !host.includes('.')) {
      throw invalidField(field, 'points to a local name');
    }
  }
  return parsed;
}

export class RefusedAddressError extends Error {
  override name = 'RefusedAddressError';
  readonly code = 'ERR_REFUSED_ADDRESS';
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that resolves the name and refuses the connection when any address it
 * would use is not public: what is checked is what is connected to.
 */
export function guardedLookup(policy: TargetPolicy) {
  return (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      const refused = list.find((a) => !policy.allowPrivate && !isPublicAddress(a.address));
      if (refused) return callback(new RefusedAddressError(`${hostname} resolves to ${refused.address}`), []);
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };
}
