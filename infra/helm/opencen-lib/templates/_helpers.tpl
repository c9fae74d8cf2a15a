{{/*
Names and labels. Each chart sets `component` (its app folder: cases, gateway...); the release
name prefixes it unless it already holds it, so `helm install cases infra/helm/cases` gives
`cases` and the umbrella release `opencen` gives `opencen-cases`.
*/}}
{{- define "opencen-lib.fullname" -}}
{{- $component := required "component is required" .Values.component -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains $component .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $component | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "opencen-lib.selectorLabels" -}}
app.kubernetes.io/name: {{ .Values.component }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "opencen-lib.labels" -}}
{{ include "opencen-lib.selectorLabels" . }}
app.kubernetes.io/part-of: opencen
app.kubernetes.io/version: {{ include "opencen-lib.imageTag" . | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "opencen-lib.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "opencen-lib.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
The image's tag: image.tag, else global.imageTag, else the chart's appVersion. A moving tag
(`latest`, or none) is refused: an upgrade must say which build it runs.
*/}}
{{- define "opencen-lib.imageTag" -}}
{{- $global := .Values.global | default dict -}}
{{- $tag := .Values.image.tag | default $global.imageTag | default .Chart.AppVersion | toString -}}
{{- if or (eq $tag "") (eq $tag "latest") -}}
{{- fail (printf "image.tag %q is not a pinned version: give a release tag or a digest" $tag) -}}
{{- end -}}
{{- $tag -}}
{{- end -}}

{{- define "opencen-lib.image" -}}
{{- $global := .Values.global | default dict -}}
{{- $registry := .Values.image.registry | default $global.imageRegistry -}}
{{- $repository := .Values.image.repository -}}
{{- if $registry -}}{{- $repository = printf "%s/%s" (trimSuffix "/" $registry) $repository -}}{{- end -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" $repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (include "opencen-lib.imageTag" .) -}}
{{- end -}}
{{- end -}}

{{/*
A server the app talks to (nats, mongodb, opensearch, keycloak): the chart's own block over the
global one, so the umbrella sets them once and one service may differ.
*/}}
{{- define "opencen-lib.server" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $global := $root.Values.global | default dict -}}
{{- $globalServers := $global.servers | default dict -}}
{{- $servers := $root.Values.servers | default dict -}}
{{- toYaml (mergeOverwrite (deepCopy (index $globalServers $name | default dict)) (index $servers $name | default dict)) -}}
{{- end -}}
