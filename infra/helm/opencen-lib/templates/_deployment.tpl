{{- define "opencen-lib.deployment" -}}
{{- $mongodb := include "opencen-lib.server" (list . "mongodb") | fromYaml -}}
{{- $opensearch := include "opencen-lib.server" (list . "opensearch") | fromYaml -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "opencen-lib.fullname" . }}
  labels:
    {{- include "opencen-lib.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "opencen-lib.selectorLabels" . | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      # A new replica is ready before an old one goes: no request finds fewer replicas than asked.
      maxSurge: 1
      maxUnavailable: 0
  template:
    metadata:
      labels:
        {{- include "opencen-lib.labels" . | nindent 8 }}
      annotations:
        # A changed ConfigMap rolls the pods (environment variables are read at start only).
        checksum/config: {{ include "opencen-lib.configmap" . | sha256sum }}
        {{- if .Values.ports.metrics }}
        prometheus.io/scrape: 'true'
        prometheus.io/port: {{ .Values.ports.metrics | quote }}
        prometheus.io/path: /metrics
        {{- end }}
        {{- with .Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "opencen-lib.serviceAccountName" . }}
      # The apps call no Kubernetes API.
      automountServiceAccountToken: false
      {{- with (.Values.imagePullSecrets | default (.Values.global | default dict).imagePullSecrets) }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
      securityContext:
        runAsNonRoot: true
        runAsUser: {{ .Values.securityContext.runAsUser }}
        runAsGroup: {{ .Values.securityContext.runAsGroup }}
        fsGroup: {{ .Values.securityContext.runAsGroup }}
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: {{ .Values.component }}
          image: {{ include "opencen-lib.image" . | quote }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            runAsNonRoot: true
            capabilities:
              drop: [ALL]
            seccompProfile:
              type: RuntimeDefault
          ports:
            - name: http
              containerPort: {{ .Values.ports.http }}
              protocol: TCP
            {{- if .Values.ports.metrics }}
            - name: metrics
              containerPort: {{ .Values.ports.metrics }}
              protocol: TCP
            {{- end }}
          envFrom:
            - configMapRef:
                name: {{ include "opencen-lib.fullname" . }}
            {{- if .Values.existingSecret }}
            # The app's secrets (keys are variable names), provided by the operator.
            - secretRef:
                name: {{ .Values.existingSecret | quote }}
            {{- end }}
          {{- if or (has "mongodb" .Values.uses) (and (has "opensearch" .Values.uses) $opensearch.existingSecret) .Values.env }}
          env:
            {{- if has "mongodb" .Values.uses }}
            # Credentials ride in the URL: from the operator's Secret (a user of this service's database only).
            - name: MONGO_URL
              valueFrom:
                secretKeyRef:
                  name: {{ required "servers.mongodb.existingSecret is required (a Secret holding this service's MONGO_URL)" $mongodb.existingSecret | quote }}
                  key: {{ $mongodb.secretKey | default "MONGO_URL" | quote }}
            {{- end }}
            {{- if and (has "opensearch" .Values.uses) $opensearch.existingSecret }}
            - name: OPENSEARCH_URL
              valueFrom:
                secretKeyRef:
                  name: {{ $opensearch.existingSecret | quote }}
                  key: {{ $opensearch.secretKey | default "OPENSEARCH_URL" | quote }}
            {{- end }}
            {{- with .Values.env }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- end }}
          startupProbe:
            httpGet:
              path: {{ .Values.probes.livePath }}
              port: http
            periodSeconds: 5
            failureThreshold: {{ .Values.probes.startupFailureThreshold }}
          livenessProbe:
            httpGet:
              path: {{ .Values.probes.livePath }}
              port: http
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: {{ .Values.probes.readyPath }}
              port: http
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 2
          {{- if .Values.preStopSleepSeconds }}
          lifecycle:
            # Endpoints are removed from Services asynchronously: keep serving a moment after SIGTERM is due.
            preStop:
              sleep:
                seconds: {{ .Values.preStopSleepSeconds }}
          {{- end }}
          resources:
            {{- required "resources are required (requests and limits)" .Values.resources | toYaml | nindent 12 }}
          volumeMounts:
            # The root filesystem is read-only; these are the only writable paths.
            {{- range .Values.writablePaths }}
            - name: {{ .name }}
              mountPath: {{ .mountPath }}
            {{- end }}
      volumes:
        {{- range .Values.writablePaths }}
        - name: {{ .name }}
          emptyDir:
            sizeLimit: {{ .sizeLimit }}
        {{- end }}
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if .Values.affinity }}
      affinity:
        {{- toYaml .Values.affinity | nindent 8 }}
      {{- else }}
      # Replicas on different nodes when the cluster has them.
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "opencen-lib.selectorLabels" . | nindent 14 }}
      {{- end }}
{{- end -}}
