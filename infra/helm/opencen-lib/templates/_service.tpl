{{- define "opencen-lib.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "opencen-lib.fullname" . }}
  labels:
    {{- include "opencen-lib.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "opencen-lib.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .Values.ports.http }}
      targetPort: http
      protocol: TCP
    {{- if .Values.ports.metrics }}
    - name: metrics
      port: {{ .Values.ports.metrics }}
      targetPort: metrics
      protocol: TCP
    {{- end }}
{{- end -}}

{{- define "opencen-lib.serviceaccount" -}}
{{- if .Values.serviceAccount.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "opencen-lib.serviceAccountName" . }}
  labels:
    {{- include "opencen-lib.labels" . | nindent 4 }}
automountServiceAccountToken: false
{{- end }}
{{- end -}}

{{- define "opencen-lib.hpa" -}}
{{- if .Values.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "opencen-lib.fullname" . }}
  labels:
    {{- include "opencen-lib.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "opencen-lib.fullname" . }}
  minReplicas: {{ .Values.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .Values.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
{{- end -}}

{{/* Voluntary disruptions (node drains, upgrades) leave at least one replica serving. */}}
{{- define "opencen-lib.pdb" -}}
{{- if .Values.podDisruptionBudget.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "opencen-lib.fullname" . }}
  labels:
    {{- include "opencen-lib.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ .Values.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "opencen-lib.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}

{{- define "opencen-lib.ingress" -}}
{{- if .Values.ingress.enabled }}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "opencen-lib.fullname" . }}
  labels:
    {{- include "opencen-lib.labels" . | nindent 4 }}
  {{- with .Values.ingress.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- with .Values.ingress.className }}
  ingressClassName: {{ . }}
  {{- end }}
  {{- if .Values.ingress.tlsSecret }}
  tls:
    - hosts: [{{ required "ingress.host is required" .Values.ingress.host | quote }}]
      secretName: {{ .Values.ingress.tlsSecret | quote }}
  {{- end }}
  rules:
    - host: {{ required "ingress.host is required" .Values.ingress.host | quote }}
      http:
        paths:
          {{- range .Values.ingress.paths }}
          - path: {{ . }}
            pathType: Prefix
            backend:
              service:
                name: {{ include "opencen-lib.fullname" $ }}
                port:
                  name: http
          {{- end }}
{{- end }}
{{- end -}}

{{/* Everything a chart renders: its templates/all.yaml is this one line. */}}
{{- define "opencen-lib.all" -}}
{{- $docs := list
  (include "opencen-lib.serviceaccount" .)
  (include "opencen-lib.configmap" .)
  (include "opencen-lib.deployment" .)
  (include "opencen-lib.service" .)
  (include "opencen-lib.hpa" .)
  (include "opencen-lib.pdb" .)
  (include "opencen-lib.networkpolicy" .)
  (include "opencen-lib.ingress" .) -}}
{{- range $docs }}
{{- if trim . }}
---
{{ trim . }}
{{- end }}
{{- end }}
{{- end -}}
