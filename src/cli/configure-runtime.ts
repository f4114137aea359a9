import nodeModule from 'node:module';
import v8 from 'node:v8';

/** `module.setSourceMapsSupport` (Node >= 22.14), absent from the Node 20 typings. */
type SourceMapsSupport = (
  enabled: boolean,
  options?: { nodeModules?: boolean; generatedCode?: boolean },
) => void;

/**
 * How this Node process runs, settled before any dependency is loaded, so the entry point
 * calls it first and imports the command afterwards. Two settings, each measured on an
 * idle `countersign start` (issue #16):
 *
 * - WebAssembly stays on V8's baseline compiler (`--liftoff-only`). The only WebAssembly
 *   here is undici's HTTP parser (llhttp, under client-node and Node's `fetch`); V8's
 *   optimizing tier-up of it allocated ~35 MB for a moment on the first responses, the
 *   largest part of the process's peak RSS, to parse response headers a few microseconds
 *   faster. JavaScript is optimized as before.
 * - Stack traces name the TypeScript sources through dist's source maps. On Node >= 22.14
 *   only Countersign's own files are mapped (frames in node_modules stay as their
 *   JavaScript): parsing every dependency's maps, client-node's thousands of generated
 *   files among them, held ~10 MB more. Older Node cannot leave node_modules out and maps all.
 */
export function configureRuntime(): void {
  v8.setFlagsFromString('--liftoff-only');
  const setSourceMapsSupport = (nodeModule as { setSourceMapsSupport?: SourceMapsSupport })
    .setSourceMapsSupport;
  if (setSourceMapsSupport) setSourceMapsSupport(true, { nodeModules: false, generatedCode: false });
  else process.setSourceMapsEnabled(true);
}
