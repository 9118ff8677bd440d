// Port numbers and protocols, shared by pods, services, endpoints and slices.
import { invalid, notSupported, required, type FieldError } from '../../../../api/status.ts';

export const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;

/** Upstream's IsValidPortNum message for a port outside 1-65535. */
export function validatePortNumber(port: number | undefined, path: string): FieldError[] {
  if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) {
    return [invalid(path, port ?? 0, 'must be between 1 and 65535, inclusive')];
  }
  return [];
}

/** protocol must be set (defaulting fills TCP) and one of the supported ones. */
export function validateProtocol(protocol: string | undefined, path: string): FieldError[] {
  if (!protocol) return [required(path)];
  return (PROTOCOLS as readonly string[]).includes(protocol) ? [] : [notSupported(path, protocol, PROTOCOLS)];
}
