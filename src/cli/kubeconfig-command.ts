import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { proxyKubeconfig } from '../adapters/kube-proxy/proxy-kubeconfig.ts';
import { loadConfig } from '../config/load.ts';
import { ConfigInvalidError, UserFacingError } from '../core/errors.ts';
import type { AuditCommandIo } from './cli-io.ts';
import { readUserCredentials } from './user-kubeconfig.ts';

interface KubeconfigFlags {
  readonly cluster?: string;
  readonly proxyUrl?: string;
  readonly certificateAuthority?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
}

/**
 * `countersign kubeconfig [--cluster NAME]`: prints a kubeconfig whose one context
 * reaches a configured cluster through the kubectl proxy (PROXY_PUBLIC_URL, or
 * `--proxy-url`) with the user's own credentials from their current kubeconfig
 * context, kept as they are (token, exec plugin). Problems are printed and exit 2.
 */
export function registerKubeconfigCommand(program: Command, io: AuditCommandIo): void {
  program
    .command('kubeconfig')
    .description(
      'Print a kubeconfig that sends kubectl through the Countersign proxy with your own credentials.',
    )
    .option('--cluster <name>', 'configured cluster to reach (default COUNTERSIGN_DEFAULT_CLUSTER)')
    .option('--proxy-url <url>', 'https URL of the proxy (default PROXY_PUBLIC_URL)')
    .option('--certificate-authority <file>', 'PEM of the CA that signed the proxy certificate')
    .option('--kubeconfig <path>', 'your kubeconfig to take credentials from (default KUBECONFIG)')
    .option('--context <name>', 'context of your kubeconfig to take credentials from (default current)')
    .action((flags: KubeconfigFlags) => {
      try {
        io.stdout(kubeconfigFor(flags).trimEnd());
      } catch (error) {
        if (error instanceof ConfigInvalidError) {
          for (const issue of error.issues) io.stderr(`countersign: ${issue.variable}: ${issue.message}`);
        } else if (error instanceof UserFacingError) {
          io.stderr(`countersign: ${error.toUserText()}`);
        } else throw error;
        io.setExitCode(2);
      }
    });
}

function kubeconfigFor(flags: KubeconfigFlags): string {
  const config = loadConfig();
  const known = config.kubernetes.clusters.map((c) => c.name);
  const cluster = flags.cluster ?? config.kubernetes.defaultCluster;
  if (!known.includes(cluster)) {
    throw new UserFacingError(
      'unknown_cluster',
      `there is no cluster named "${cluster}"; the proxy serves ${known.join(', ')}`,
      `countersign kubeconfig --cluster ${known[0] ?? 'NAME'}`,
    );
  }
  const proxyUrl = flags.proxyUrl ?? config.proxy.publicUrl;
  if (!URL.canParse(proxyUrl) || new URL(proxyUrl).protocol !== 'https:') {
    throw new UserFacingError(
      'bad_proxy_url',
      `--proxy-url must be an https URL, not ${proxyUrl}`,
      'countersign kubeconfig --proxy-url https://kube.countersign.example.com',
    );
  }
  let caData: string | undefined;
  if (flags.certificateAuthority) {
    let pem: string;
    try {
      pem = readFileSync(flags.certificateAuthority, 'utf8');
    } catch (error) {
      throw new UserFacingError(
        'ca_unreadable',
        `cannot read --certificate-authority ${flags.certificateAuthority} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new UserFacingError(
        'ca_not_pem',
        `--certificate-authority ${flags.certificateAuthority} is not a PEM certificate`,
      );
    }
    caData = Buffer.from(pem).toString('base64');
  }
  const credentials = readUserCredentials({
    ...(flags.kubeconfig ? { path: flags.kubeconfig } : {}),
    ...(flags.context ? { context: flags.context } : {}),
  });
  return proxyKubeconfig({
    proxyUrl,
    cluster,
    ...(caData ? { caData } : {}),
    user: { name: credentials.name, user: credentials.user },
    ...(credentials.namespace ? { namespace: credentials.namespace } : {}),
  });
}
