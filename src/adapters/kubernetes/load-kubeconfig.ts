import { delimiter } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

/**
 * Loads a fresh kubeconfig: from `files` (a `KUBECONFIG` value, several paths joined
 * by the platform's delimiter, merged with the first file's current context, as
 * kubectl does), or with client-node's defaults when absent (`$KUBECONFIG`,
 * `~/.kube/config`, then in-cluster service-account credentials).
 */
export function loadKubeConfig(files?: string): KubeConfig {
  const kubeConfig = new KubeConfig();
  if (!files) {
    kubeConfig.loadFromDefault();
    return kubeConfig;
  }
  const [first, ...rest] = files.split(delimiter).filter((file) => file !== '');
  if (first === undefined) {
    kubeConfig.loadFromDefault();
    return kubeConfig;
  }
  kubeConfig.loadFromFile(first);
  for (const file of rest) {
    const other = new KubeConfig();
    other.loadFromFile(file);
    kubeConfig.mergeConfig(other, true);
  }
  return kubeConfig;
}
