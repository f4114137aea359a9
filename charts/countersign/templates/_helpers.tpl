{{/* The chart's name, for app.kubernetes.io/name. */}}
{{- define "countersign.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Prefix of every object name: the release name, or release-chart when they differ. */}}
{{- define "countersign.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "countersign.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Labels on every object; add `app.kubernetes.io/component` next to them. */}}
{{- define "countersign.labels" -}}
app.kubernetes.io/name: {{ include "countersign.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: countersign
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Pod selector of one component: pass (list $ "serve"). */}}
{{- define "countersign.selector" -}}
{{- $ := index . 0 -}}
app.kubernetes.io/name: {{ include "countersign.name" $ }}
app.kubernetes.io/instance: {{ $.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* The worker's ServiceAccount: runs approved actions, writes grants, may impersonate. */}}
{{- define "countersign.workerServiceAccount" -}}
{{- default (include "countersign.fullname" .) .Values.worker.serviceAccountName -}}
{{- end -}}

{{/* serve's ServiceAccount: reads targets and namespace names, nothing more. */}}
{{- define "countersign.serveServiceAccount" -}}
{{- default (printf "%s-serve" (include "countersign.fullname" .)) .Values.serve.serviceAccountName -}}
{{- end -}}

{{/* The kubectl proxy's ServiceAccount: reviews tokens and access, impersonates callers, reads targets. */}}
{{- define "countersign.proxyServiceAccount" -}}
{{- default (printf "%s-proxy" (include "countersign.fullname" .)) .Values.proxy.serviceAccountName -}}
{{- end -}}

{{/* The Secret holding the proxy's TLS certificate and key: proxy.tls.secretName, or cert-manager's. */}}
{{- define "countersign.proxyTlsSecret" -}}
{{- if .Values.proxy.tls.secretName -}}
{{- .Values.proxy.tls.secretName -}}
{{- else if .Values.proxy.tls.certManager.enabled -}}
{{- printf "%s-proxy-tls" (include "countersign.fullname" .) -}}
{{- else -}}
{{- fail "proxy.tls: set proxy.tls.secretName to a kubernetes.io/tls Secret with the proxy's certificate, or proxy.tls.certManager.enabled=true with an issuerRef" -}}
{{- end -}}
{{- end -}}

{{/* The Kubernetes username of the worker's ServiceAccount, as admission policies see it. */}}
{{- define "countersign.workerUser" -}}
{{- printf "system:serviceaccount:%s:%s" .Release.Namespace (include "countersign.workerServiceAccount" .) -}}
{{- end -}}

{{/* The Secret serve and worker read their secrets from. */}}
{{- define "countersign.secretName" -}}
{{- default (include "countersign.fullname" .) .Values.secret.name -}}
{{- end -}}

{{/* The image reference of serve and worker. */}}
{{- define "countersign.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* Redis URL: redis.url, or the bundled Redis's Service; neither is a values error. */}}
{{- define "countersign.redisUrl" -}}
{{- if .Values.redis.url -}}
{{- .Values.redis.url -}}
{{- else if .Values.redis.bundled.enabled -}}
{{- printf "redis://%s-redis:6379" (include "countersign.fullname" .) -}}
{{- else -}}
{{- fail "redis: set redis.url to your Redis (redis:// or rediss://), or redis.bundled.enabled=true for an evaluation Redis" -}}
{{- end -}}
{{- end -}}

{{/*
Settings the chart derives from other values (ports, mounts, Redis). The same keys in
`config` would contradict them, so they are refused.
*/}}
{{- define "countersign.derivedConfig" -}}
COUNTERSIGN_POLICY_FILE: /etc/countersign/policy/policy.yaml
COUNTERSIGN_IDENTITY_TABLE_FILE: /etc/countersign/identities/identities.yaml
HTTP_PORT: {{ .Values.ports.http | quote }}
METRICS_PORT: {{ .Values.ports.metrics | quote }}
REDIS_URL: {{ include "countersign.redisUrl" . | quote }}
{{- if .Values.proxy.enabled }}
PROXY_HOST: 0.0.0.0
PROXY_PORT: {{ .Values.proxy.port | quote }}
PROXY_PUBLIC_URL: {{ required "proxy.publicUrl: the https URL kubectl reaches the proxy at (with proxy.enabled)" .Values.proxy.publicUrl | quote }}
PROXY_TLS_CERT_PATH: /etc/countersign/proxy-tls/tls.crt
PROXY_TLS_KEY_PATH: /etc/countersign/proxy-tls/tls.key
{{- end }}
{{- if .Values.redis.tls.caSecret }}
{{- if not (hasPrefix "rediss://" (include "countersign.redisUrl" .)) }}
{{- fail "redis.tls.caSecret: needs redis.url to be rediss:// (TLS)" }}
{{- end }}
REDIS_TLS_CA_PATH: /etc/countersign/redis-ca/{{ .Values.redis.tls.caKey }}
{{- end }}
{{- with .Values.redis.sentinels }}
REDIS_SENTINELS: {{ join "," . | quote }}
REDIS_SENTINEL_NAME: {{ required "redis.sentinelName: the name of the primary the Sentinels monitor (with redis.sentinels)" $.Values.redis.sentinelName | quote }}
{{- end }}
{{- end -}}

{{/* The pod spec serve, worker and proxy share: pass (list $ "serve" $component-values). */}}
{{- define "countersign.podSpec" -}}
{{- $ := index . 0 -}}
{{- $component := index . 1 -}}
{{- $values := index . 2 -}}
enableServiceLinks: false
# SHUTDOWN_GRACE (30s: requests and jobs drain side by side, /readyz answers 503) plus time
# to close connections; raise it with SHUTDOWN_GRACE.
terminationGracePeriodSeconds: {{ $values.terminationGracePeriodSeconds }}
securityContext:
  {{- toYaml $.Values.podSecurityContext | nindent 2 }}
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "countersign.selector" (list $ $component) | nindent 8 }}
{{- with $.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
containers:
  - name: countersign
    image: {{ include "countersign.image" $ }}
    imagePullPolicy: {{ $.Values.image.pullPolicy }}
    workingDir: /app
    command: [node, --enable-source-maps, dist/cli/main.js]
    args: [{{ $component }}]
    ports:
      {{- if eq $component "serve" }}
      - name: http
        containerPort: {{ $.Values.ports.http }}
      {{- end }}
      {{- if eq $component "proxy" }}
      - name: proxy
        containerPort: {{ $.Values.proxy.port }}
      {{- end }}
      # /healthz, /readyz and /metrics (METRICS_PORT): never behind the public Service.
      - name: metrics
        containerPort: {{ $.Values.ports.metrics }}
    envFrom:
      - configMapRef:
          name: {{ include "countersign.fullname" $ }}-config
    {{- if $.Values.secret.keys }}
    env:
      {{- range $.Values.secret.keys }}
      {{- if $.Values.secret.asFiles }}
      - name: {{ . }}_FILE
        value: /etc/countersign/secrets/{{ . }}
      {{- else }}
      - name: {{ . }}
        valueFrom: { secretKeyRef: { name: {{ include "countersign.secretName" $ }}, key: {{ . }}, optional: true } }
      {{- end }}
      {{- end }}
    {{- end }}
    startupProbe:
      httpGet: { path: /healthz, port: metrics }
      periodSeconds: 2
      failureThreshold: 60
    livenessProbe:
      httpGet: { path: /healthz, port: metrics }
      periodSeconds: 10
      timeoutSeconds: 3
      failureThreshold: 3
    readinessProbe:
      httpGet: { path: /readyz, port: metrics }
      periodSeconds: 5
      timeoutSeconds: 3
      failureThreshold: 2
    resources:
      {{- toYaml $values.resources | nindent 6 }}
    securityContext:
      {{- toYaml $.Values.containerSecurityContext | nindent 6 }}
    volumeMounts:
      - { name: policy, mountPath: /etc/countersign/policy, readOnly: true }
      - { name: identities, mountPath: /etc/countersign/identities, readOnly: true }
      {{- if and $.Values.secret.asFiles $.Values.secret.keys }}
      - { name: secrets, mountPath: /etc/countersign/secrets, readOnly: true }
      {{- end }}
      {{- if eq $component "proxy" }}
      - { name: proxy-tls, mountPath: /etc/countersign/proxy-tls, readOnly: true }
      {{- end }}
      {{- if $.Values.redis.tls.caSecret }}
      - { name: redis-ca, mountPath: /etc/countersign/redis-ca, readOnly: true }
      {{- end }}
      # The only writable path (the image's code is compiled at build time, nothing is cached at start).
      - { name: tmp, mountPath: /tmp }
volumes:
  - name: policy
    configMap:
      name: {{ include "countersign.fullname" $ }}-policy
  - name: identities
    configMap:
      name: {{ include "countersign.fullname" $ }}-identities
  {{- if and $.Values.secret.asFiles $.Values.secret.keys }}
  # Each listed key must exist in the Secret: a missing one keeps the pod from starting.
  - name: secrets
    secret:
      secretName: {{ include "countersign.secretName" $ }}
      defaultMode: 0440 # group-readable: fsGroup is the pod's group
      items:
        {{- range $.Values.secret.keys }}
        - { key: {{ . }}, path: {{ . }} }
        {{- end }}
  {{- end }}
  {{- with $.Values.redis.tls.caSecret }}
  # REDIS_TLS_CA_PATH: the CA that signed the rediss:// server's certificate.
  - name: redis-ca
    secret:
      secretName: {{ . }}
      defaultMode: 0444
      items:
        - { key: {{ $.Values.redis.tls.caKey }}, path: {{ $.Values.redis.tls.caKey }} }
  {{- end }}
  {{- if eq $component "proxy" }}
  # PROXY_TLS_CERT_PATH and PROXY_TLS_KEY_PATH (a kubernetes.io/tls Secret).
  - name: proxy-tls
    secret:
      secretName: {{ include "countersign.proxyTlsSecret" $ }}
      defaultMode: 0440
      items:
        - { key: tls.crt, path: tls.crt }
        - { key: tls.key, path: tls.key }
  {{- end }}
  - name: tmp
    emptyDir:
      sizeLimit: 128Mi
{{- end -}}
