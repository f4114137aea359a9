import { findKind } from '../requests/kinds.ts';
import type { PolicyVerb } from '../requests/request-types.ts';
import { compileGlobs } from './match-glob.ts';
import { compileSelector } from './match-labels.ts';
import { compileSchedule } from './match-schedule.ts';
import type { MatchContext, MatchSubject, RuleMatcher } from './match-types.ts';
import type { MatchDocument } from './policy-schema.ts';
import { compileRequesters } from './match-requester.ts';

type Check = (subject: MatchSubject, context: MatchContext) => boolean;

/** Rewrites kind aliases (`deploy`, `pods`) to canonical kinds (`Deployment`, `Pod`), deduplicated. */
export function normaliseMatch(match: MatchDocument): MatchDocument {
  if (!match.kinds) return match;
  const kinds = [...new Set(match.kinds.map((kind) => findKind(kind)?.kind ?? kind))];
  return { ...match, kinds };
}

function subjectChecks(match: MatchDocument): Check[] {
  const checks: Check[] = [];
  if (match.kinds) {
    const kinds = new Set(match.kinds);
    checks.push((s) => s.kind !== undefined && kinds.has(s.kind));
  }
  if (match.origins) {
    const origins = new Set<string>(match.origins);
    checks.push((s) => origins.has(s.origin));
  }
  if (match.clusters) {
    const test = compileGlobs(match.clusters);
    checks.push((s) => test(s.cluster));
  }
  if (match.roles) {
    const test = compileGlobs(match.roles);
    checks.push((s) => s.role !== undefined && test(s.role));
  }
  if (match.accessVerbs) {
    const accessVerbs = new Set<string>(match.accessVerbs);
    checks.push((s) => s.accessVerb !== undefined && accessVerbs.has(s.accessVerb));
  }
  if (match.resources) {
    const test = compileGlobs(match.resources);
    checks.push((s) => s.resource !== undefined && test(s.resource));
  }
  if (match.namespaces) {
    const test = compileGlobs(match.namespaces);
    checks.push((s) => s.namespace !== undefined && test(s.namespace));
  }
  return checks;
}

function contextChecks(match: MatchDocument): Check[] {
  const checks: Check[] = [];
  if (match.breakGlass !== undefined) {
    const wanted = match.breakGlass;
    checks.push((_s, c) => c.breakGlass === wanted);
  }
  if (match.requesters) {
    const test = compileRequesters(match.requesters);
    checks.push((_s, c) => test(c));
  }
  if (match.labels || match.labelExpressions) {
    const test = compileSelector(match.labels, match.labelExpressions);
    checks.push((_s, c) => test(c.labels));
  }
  if (match.annotations || match.annotationExpressions) {
    const test = compileSelector(match.annotations, match.annotationExpressions);
    checks.push((_s, c) => test(c.annotations));
  }
  if (match.schedule) {
    const test = compileSchedule(match.schedule);
    checks.push((_s, c) => test(c));
  }
  return checks;
}

/**
 * Compiles a validated, normalised `match` block into a matcher whose dimensions are
 * tested cheapest first (sets, then globs, then requester, labels and schedule). It
 * checks every dimension itself, though evaluation already narrows rules by verb and
 * kind through the rule index.
 */
export function compileMatch(match: MatchDocument): RuleMatcher {
  const checks = [...subjectChecks(match), ...contextChecks(match)];
  if (match.verbs) {
    const verbs = new Set<PolicyVerb>(match.verbs);
    checks.unshift((s) => verbs.has(s.verb));
  }
  return {
    test(subject, context) {
      for (const check of checks) if (!check(subject, context)) return false;
      return true;
    },
  };
}
