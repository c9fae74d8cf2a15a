{{/*
The app's configuration: variables of its env schema (apps/<app>/src/config/env.ts and
packages/nest-kit's baseEnvSchema) that hold no secret. Secrets come from Secrets the operator
provides (see _deployment.tpl).
*/}}
{{- define "opencen-lib.configmap" -}}
{{- $nats := include "opencen-lib.server" (list . "nats") | fromYaml -}}
{{- $opensearch := include "opencen-lib.server" (list . "opensearch") | fromYaml -}}
{{- $keycloak := include "opencen-lib.server" (list . "keycloak") | fromYaml -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "opencen-lib.fullname" . }}
  labels:
    {{- include "opencen-lib.labels" . | nindent 4 }}
data:
  {{- if has "node" .Values.uses }}
  NODE_ENV: production
  HTTP_HOST: 0.0.0.0
  HTTP_PORT: {{ .Values.ports.http | quote }}
  {{- if .Values.ports.metrics }}
  # Prometheus scrapes here, on the pod's address (the NetworkPolicy says from where).
  METRICS_HOST: 0.0.0.0
  METRICS_PORT: {{ .Values.ports.metrics | quote }}
  {{- end }}
  LOG_LEVEL: {{ .Values.logLevel | default "info" | quote }}
  # Drains within the grace period, after the preStop sleep, 5 s before SIGKILL.
  SHUTDOWN_GRACE_MS: {{ mul (sub (sub .Values.terminationGracePeriodSeconds (.Values.preStopSleepSeconds | default 0)) 5) 1000 | quote }}
  {{- end }}
  {{- if has "nats" .Values.uses }}
  NATS_URL: {{ required "servers.nats.url is required" $nats.url | quote }}
  {{- end }}
  {{- if and (has "opensearch" .Values.uses) (not $opensearch.existingSecret) }}
  OPENSEARCH_URL: {{ required "servers.opensearch.url (or existingSecret) is required" $opensearch.url | quote }}
  {{- end }}
  {{- if and (has "opensearch" .Values.uses) $opensearch.indexPrefix }}
  OPENSEARCH_INDEX_PREFIX: {{ $opensearch.indexPrefix | quote }}
  {{- end }}
  {{- if has "keycloak" .Values.uses }}
  KEYCLOAK_URL: {{ required "servers.keycloak.url is required" $keycloak.url | quote }}
  KEYCLOAK_REALM: {{ $keycloak.realm | default "opencen" | quote }}
  {{- end }}
  {{- range $key, $value := .Values.config }}
  {{- if not (regexMatch "^[A-Z][A-Z0-9_]*$" $key) }}
  {{- fail (printf "config.%s: an environment variable name is upper case letters, digits and _" $key) }}
  {{- end }}
  {{ $key }}: {{ tpl ($value | toString) $ | quote }}
  {{- end }}
{{- end -}}
