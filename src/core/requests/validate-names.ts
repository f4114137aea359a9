import type { KindInfo } from './kinds.ts';

/** Longest DNS-1123 label (namespaces, Service names), as Kubernetes validates it. */
export const DNS1123_LABEL_MAX = 63;
/** Longest DNS-1123 subdomain (most object names, node names). */
export const DNS1123_SUBDOMAIN_MAX = 253;

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

function charactersProblem(
  value: string,
  max: number,
  allowed: RegExp,
  allowedText: string,
): string | undefined {
  if (value === '') return 'is empty';
  const length = [...value].length;
  if (length > max) return `is ${length} characters long; the limit is ${max}`;
  if (/[A-Z]/.test(value)) return 'has upper-case letters; names are lower-case';
  const bad = [...value].find((c) => !allowed.test(c));
  if (bad !== undefined) {
    const shown = /^[\x21-\x7e]$/.test(bad)
      ? `'${bad}'`
      : `U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return `contains ${shown}; only ${allowedText} are allowed`;
  }
  return undefined;
}

/**
 * Why `value` is not a DNS-1123 label (lower-case letters, digits and '-', starting and
 * ending with a letter or digit, at most 63 characters), or undefined if it is one.
 */
export function dns1123LabelProblem(value: string): string | undefined {
  const problem = charactersProblem(
    value,
    DNS1123_LABEL_MAX,
    /[-a-z0-9]/,
    "lower-case letters, digits and '-'",
  );
  if (problem) return problem;
  return LABEL.test(value) ? undefined : 'must start and end with a letter or digit';
}

/**
 * Why `value` is not a DNS-1123 subdomain (dot-separated labels, at most 253
 * characters, as Kubernetes requires of most object names and of node names), or
 * undefined if it is one.
 */
export function dns1123SubdomainProblem(value: string): string | undefined {
  const problem = charactersProblem(
    value,
    DNS1123_SUBDOMAIN_MAX,
    /[-.a-z0-9]/,
    "lower-case letters, digits, '-' and '.'",
  );
  if (problem) return problem;
  const parts = value.split('.');
  if (parts.some((p) => p === '')) return "has an empty part between dots (or starts or ends with '.')";
  if (!parts.every((p) => LABEL.test(p)))
    return 'must start and end with a letter or digit, also around each dot';
  return undefined;
}

/** Why `value` is not a DNS-1035 label (a DNS-1123 label that starts with a letter), as for Services. */
export function dns1035LabelProblem(value: string): string | undefined {
  const problem = dns1123LabelProblem(value);
  if (problem) return problem;
  return DNS1035_LABEL.test(value) ? undefined : 'must start with a letter';
}

/** True when `value` is a DNS-1123 label, e.g. a valid namespace name. */
export function isDns1123Label(value: string): boolean {
  return dns1123LabelProblem(value) === undefined;
}

/** True when `value` is a DNS-1123 subdomain, e.g. a valid pod or node name. */
export function isDns1123Subdomain(value: string): boolean {
  return dns1123SubdomainProblem(value) === undefined;
}

/**
 * Why `name` is not a valid name for an object of `kind`, following Kubernetes'
 * own rules (Services: DNS-1035 label; everything else here: DNS-1123 subdomain), or
 * undefined if it is valid.
 */
export function objectNameProblem(kind: KindInfo, name: string): string | undefined {
  if (kind.kind === 'Service') return dns1035LabelProblem(name);
  if (kind.kind === 'Namespace') return dns1123LabelProblem(name);
  return dns1123SubdomainProblem(name);
}

/**
 * Why `name` is not an acceptable RBAC role name, or undefined. Kubernetes allows
 * almost any path segment; Countersign accepts the DNS-1123 subdomain characters
 * plus ':' (as in `system:aggregate-to-view`), which covers every real role.
 */
export function roleNameProblem(name: string): string | undefined {
  const problem = charactersProblem(
    name,
    DNS1123_SUBDOMAIN_MAX,
    /[-.:a-z0-9]/,
    "lower-case letters, digits, '-', '.' and ':'",
  );
  if (problem) return problem;
  return /^[a-z0-9](.*[a-z0-9])?$/.test(name) ? undefined : 'must start and end with a letter or digit';
}
