import { acceptedKindNames, actionAcceptsKind } from './action-kinds.ts';
import { readNamespace, refuseNamespace } from './common-flags.ts';
import { unexpectedArgument, type ScannedArgs } from './flags.ts';
import { KINDS, findKind } from './kinds.ts';
import type { ActionVerb, TargetRef } from './request-types.ts';
import { InvalidRequestError, showToken } from './request-error.ts';
import { didYouMean } from './suggest.ts';
import type { Token } from './tokenize.ts';
import { isDns1123Subdomain, objectNameProblem } from './validate-names.ts';

const NODE_VERBS: ReadonlySet<ActionVerb> = new Set(['cordon', 'uncordon', 'drain']);
const ALL_ALIASES = KINDS.flatMap((k) => k.aliases);

function unsupportedMessage(verb: ActionVerb, kind: string): string {
  if (verb === 'delete' && kind === 'Node') {
    return 'Countersign does not delete nodes; to take a node out of service, use drain node/NAME.';
  }
  if (verb === 'delete' && kind === 'Namespace') return 'Countersign does not delete namespaces.';
  return `${verb} does not work on ${kind.toLowerCase()}; it works on ${acceptedKindNames(verb).join(', ')}.`;
}

/**
 * Reads the object an action names, as `KIND/NAME` or `KIND NAME` (or a bare node
 * name for cordon, uncordon and drain, as kubectl takes it), checks the kind suits
 * the verb and the name is valid as Kubernetes would judge it, and attaches the
 * namespace: required for namespaced kinds, refused for cluster-scoped ones.
 */
export function readTarget(verb: ActionVerb, args: ScannedArgs, example: string): TargetRef {
  const { positionals, flags } = args;
  const fail = (code: ConstructorParameters<typeof InvalidRequestError>[0], message: string): never => {
    throw new InvalidRequestError(code, message, example);
  };
  const [first, second, third] = positionals;
  if (first === undefined) {
    return fail('missing_target', `${verb} needs a target: ${acceptedKindNames(verb)[0]}/NAME.`);
  }
  let kindText: string;
  let name: string;
  let extra: Token | undefined;
  const slash = first.value.indexOf('/');
  if (slash !== -1) {
    kindText = first.value.slice(0, slash);
    name = first.value.slice(slash + 1);
    extra = second;
  } else if (second !== undefined) {
    kindText = first.value;
    name = second.value;
    extra = third;
  } else if (NODE_VERBS.has(verb) && findKind(first.value) === undefined) {
    kindText = 'node';
    name = first.value;
  } else if (findKind(first.value) !== undefined) {
    return fail(
      'missing_name',
      `${verb} ${showToken(first.value)} needs a name: ${first.value.toLowerCase()}/NAME.`,
    );
  } else {
    const shaped = `${acceptedKindNames(verb)[0]}/${isDns1123Subdomain(first.value) ? first.value : 'NAME'}`;
    return fail(
      'missing_kind',
      `The target ${showToken(first.value)} does not say its kind: write KIND/NAME, e.g. ${shaped}.`,
    );
  }
  if (extra !== undefined) {
    if (verb === 'scale' && /^\d+$/.test(extra.value) && !args.afterValueOf.has(extra)) {
      fail(
        'unexpected_argument',
        `Unexpected ${showToken(extra.value)} after the target. Did you mean --replicas ${extra.value}?`,
      );
    }
    throw unexpectedArgument(extra, args, `after the target of ${verb}`, example);
  }

  if (kindText === '')
    fail('missing_kind', `The target ${showToken(first.value)} does not say its kind: write KIND/NAME.`);
  const kind = findKind(kindText);
  if (kind === undefined) {
    return fail(
      'unknown_kind',
      `Unknown kind ${showToken(kindText)}.${didYouMean(kindText, ALL_ALIASES)} ${verb} works on ${acceptedKindNames(verb).join(', ')}.`,
    );
  }
  if (name === '')
    fail(
      'missing_name',
      `The target ${showToken(first.value)} has no name: write ${kindText.toLowerCase()}/NAME.`,
    );
  if (!actionAcceptsKind(verb, kind)) fail('unsupported_kind', unsupportedMessage(verb, kind.kind));
  const problem = objectNameProblem(kind, name);
  if (problem) fail('invalid_name', `The ${kind.kind.toLowerCase()} name ${showToken(name)} ${problem}.`);
  const what = `${kind.kind.toLowerCase()}/${name}`;
  if (!kind.namespaced) {
    refuseNamespace(flags, what, example);
    return { kind, name };
  }
  return { kind, name, namespace: readNamespace(flags, what, example) };
}
