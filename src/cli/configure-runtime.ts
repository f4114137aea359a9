import nodeModule from 'node:module';
import v8 from 'node:v8';
import { mapOwnStackFrames } from './own-source-maps.ts';

/** `module.setSourceMapsSupport` (Node >= 22.14), absent from the Node 20 typings. */
type SourceMapsSupport = (
  enabled: boolean,
  options?: { nodeModules?: boolean; generatedCode?: boolean },
) => void;

/**
 * How this Node process runs, settled before any dependency is loaded, so the entry point
 * calls it first and imports the command afterwards. Five settings, each measured on
 * `countersign start` (issue #16):
 *
 * - WebAssembly stays on V8's baseline compiler (`--liftoff-only`). The only WebAssembly
 *   here is undici's HTTP parser (llhttp, under client-node and Node's `fetch`); V8's
 *   optimizing tier-up of it allocated ~35 MB for a moment on the first responses, the
 *   largest part of the process's peak RSS, to parse response headers a few microseconds
 *   faster. JavaScript is optimized as before.
 * - Stack traces name the TypeScript sources through dist's source maps, for Countersign's
 *   own files only (frames in node_modules stay as their JavaScript): parsing every
 *   dependency's maps, client-node's ~900 generated files among them, held 10-15 MB more.
 *   Node >= 22.14 does this itself (`module.setSourceMapsSupport`); older Node cannot leave
 *   node_modules out, so there its maps are turned off (also against `--enable-source-maps`)
 *   and {@link mapOwnStackFrames} maps dist's frames, reading a map when a stack needs it.
 *   Run through tsx (the TypeScript sources, no dist), Node's maps are on as before.
 * - The young generation does not grow during start-up (`--semi-space-growth-factor=1`
 *   until {@link startedUp}). Loading the modules is a burst of short-lived garbage that
 *   made V8 grow it to its 2 x 16 MB maximum, kept for the life of the process (32 MB of
 *   an idle process's heap); after start-up it grows again as V8's default (factor 2)
 *   allows, when the work calls for it.
 * - V8 favours memory over speed during start-up (`--optimize-for-size` until
 *   {@link startedUp}): its heap grows by smaller steps and is collected sooner while the
 *   modules load, which is when the process's peak RSS was reached.
 * - The old generation may grow to 1.3 times what the last full collection left
 *   (`--heap-growing-percent=30`, the factor V8 itself uses when it saves memory), for the
 *   life of the process. By default V8 picks up to 4 times when its collector runs slowly
 *   beside the program, as on a busy machine: revoking 1,000 grants took a process that
 *   idled at 140 MB to 390 MB of mostly garbage not yet collected, 207 MB with this.
 */
export function configureRuntime(): void {
  v8.setFlagsFromString('--liftoff-only');
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  v8.setFlagsFromString('--optimize-for-size');
  v8.setFlagsFromString('--heap-growing-percent=30');
  const setSourceMapsSupport = (nodeModule as { setSourceMapsSupport?: SourceMapsSupport })
    .setSourceMapsSupport;
  if (setSourceMapsSupport) setSourceMapsSupport(true, { nodeModules: false, generatedCode: false });
  else if (import.meta.url.endsWith('.js')) {
    process.setSourceMapsEnabled(false);
    mapOwnStackFrames(new URL('../', import.meta.url).href);
  } else process.setSourceMapsEnabled(true);
}

/**
 * Start-up is over (a long-running process is serving): V8's defaults again, so the young
 * generation grows by its default factor as the process's own allocation rate asks for,
 * and speed is not traded for memory.
 */
export function startedUp(): void {
  v8.setFlagsFromString('--semi-space-growth-factor=2');
  v8.setFlagsFromString('--no-optimize-for-size');
}
