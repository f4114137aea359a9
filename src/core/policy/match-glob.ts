import picomatch from 'picomatch';

const OPTIONS = { dot: true, nonegate: true } as const;
/**
 * `team-1-*`: plain characters then one star, which picomatch reads as "starts with
 * `team-1-`, then anything but `/`" — tested without a regular expression.
 */
const PREFIX_STAR = /^[A-Za-z0-9_-]+\*$/;

/** Tests one string against a compiled list of globs. */
export type GlobTest = (value: string) => boolean;

/** True when `glob` is a non-empty pattern picomatch can compile. */
export function isValidGlob(glob: string): boolean {
  if (glob.trim() === '') return false;
  try {
    picomatch.makeRe(glob, OPTIONS);
    return true;
  } catch {
    return false;
  }
}

/** True when `glob` has no wildcard and so matches only itself. */
export function isLiteralGlob(glob: string): boolean {
  return !picomatch.scan(glob).isGlob;
}

/**
 * Compiles globs (`prod-*`, `*@example.com`, exact names) once into a test that is
 * true when any of them matches. Literals are looked up in a set, `prefix*` is a
 * string-prefix test; other wildcards become regular expressions (`*` stops at `/`, as in paths).
 */
export function compileGlobs(globs: readonly string[]): GlobTest {
  const literals = new Set<string>();
  const prefixes: string[] = [];
  const patterns: RegExp[] = [];
  for (const glob of globs) {
    if (isLiteralGlob(glob)) literals.add(glob);
    else if (PREFIX_STAR.test(glob)) prefixes.push(glob.slice(0, -1));
    else patterns.push(picomatch.makeRe(glob, OPTIONS));
  }
  if (prefixes.length === 0 && patterns.length === 0) return (value) => literals.has(value);
  return (value) => {
    if (literals.has(value)) return true;
    for (const prefix of prefixes) {
      if (value.startsWith(prefix) && value.indexOf('/', prefix.length) < 0) return true;
    }
    for (const pattern of patterns) if (pattern.test(value)) return true;
    return false;
  };
}
