{{/*
Deny by default, then allow: egress to DNS and to the servers the app uses (servers.<name>.networkPolicy:
who they are and on which ports), plus networkPolicy.extraEgress (notifications' SMTP relay and
webhook receivers, the web app's gateway); ingress to the HTTP port only for an exposed app (the
gateway, the web app), to the metrics port from networkPolicy.metricsFrom.
*/}}
{{- define "opencen-lib.networkpolicy" -}}
{{- if .Values.networkPolicy.enabled }}
{{- $root := . -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "opencen-lib.fullname" . }}
  labels:
    {{- include "opencen-lib.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "opencen-lib.selectorLabels" . | nindent 6 }}
  policyTypes: [Ingress, Egress]
  ingress:
    {{- if .Values.networkPolicy.exposed }}
    - ports:
        - port: http
          protocol: TCP
      {{- with .Values.networkPolicy.ingressFrom }}
      from:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    {{- end }}
    {{- if and .Values.ports.metrics .Values.networkPolicy.metricsFrom }}
    - ports:
        - port: metrics
          protocol: TCP
      from:
        {{- toYaml .Values.networkPolicy.metricsFrom | nindent 8 }}
    {{- end }}
  egress:
    {{- with .Values.networkPolicy.dns }}
    - to:
        {{- toYaml .to | nindent 8 }}
      ports:
        - port: 53
          protocol: UDP
        - port: 53
          protocol: TCP
    {{- end }}
    {{- range $name := list "nats" "mongodb" "opensearch" "keycloak" }}
    {{- if has $name $root.Values.uses }}
    {{- $server := include "opencen-lib.server" (list $root $name) | fromYaml -}}
    {{- $policy := $server.networkPolicy | default dict }}
    {{- /* A rule without peers or ports would allow every destination or every port. */}}
    {{- if not $policy.to }}
    {{- fail (printf "servers.%s.networkPolicy.to is required: who %s is (pods, namespaces or ipBlocks)" $name $name) }}
    {{- end }}
    {{- if not $policy.ports }}
    {{- fail (printf "servers.%s.networkPolicy.ports is required" $name) }}
    {{- end }}
    - to:
        {{- toYaml $policy.to | nindent 8 }}
      ports:
        {{- toYaml $policy.ports | nindent 8 }}
    {{- end }}
    {{- end }}
    {{- with .Values.networkPolicy.extraEgress }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end }}
{{- end -}}
