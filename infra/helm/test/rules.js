'use strict';
// What every rendering of the charts must hold beyond the API schemas. problemsOf() returns
// sentences, so that a test shows what broke and a deliberately bad value set can be shown failing.

const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..', '..');

/**
 * Per app: the ports its NetworkPolicy may open for egress (DNS, and the servers it talks to), and
 * whether its HTTP port is reachable from outside (only the gateway and the web app).
 */
const APPS = Object.freeze({
  'reference-data': { egressPorts: [53, 4222, 27017, 9200], exposed: false },
  persons: { egressPorts: [53, 4222, 27017, 9200], exposed: false },
  cases: { egressPorts: [53, 4222, 27017, 9200], exposed: false },
  // Keycloak: 8080 in the cluster, 443 outside.
  auth: { egressPorts: [53, 4222, 27017, 9200, 8080, 443], exposed: false },
  // The SMTP relay (587) and the webhook receivers (443).
  notifications: { egressPorts: [53, 4222, 27017, 9200, 587, 443], exposed: false },
  gateway: { egressPorts: [53, 4222, 8080, 443], exposed: true },
  web: { egressPorts: [53, 3000], exposed: true },
});

/** The variables an app reads: its env schema, the kit's base and search shapes (names only). */
function envNames(app) {
  if (app === 'web') {
    const dockerfile = fs.readFileSync(path.join(REPO, 'infra/docker/Dockerfile.web'), 'utf8');
    return new Set([...dockerfile.matchAll(/^(?:ENV)?\s+([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
  }
  const files = [
    path.join(REPO, 'packages/nest-kit/src/config/env.ts'),
    path.join(REPO, 'apps', app, 'src/config/env.ts'),
  ];
  const names = new Set();
  for (const file of files)
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm))
      names.add(m[1]);
  return names;
}

const appOf = (doc) => doc?.metadata?.labels?.['app.kubernetes.io/name'];
const byKind = (docs, kind) => docs.filter((d) => d.kind === kind);

function checkDeployment(deployment, docs, problems) {
  const app = appOf(deployment);
  const say = (text) => problems.push(`${app}: ${text}`);
  if (!APPS[app]) return say('is not an OpenCEN app');
  const pod = deployment.spec.template.spec;
  const [container, ...others] = pod.containers;
  if (others.length) say('has more than one container');

  // Probes on the health endpoints, by the named HTTP port.
  const probe = (name, pathWanted) => {
    const get = container[name]?.httpGet;
    if (get?.path !== pathWanted || get?.port !== 'http')
      say(`${name} is not GET ${pathWanted} on the http port (${JSON.stringify(get)})`);
  };
  probe('livenessProbe', '/health/live');
  probe('readinessProbe', '/health/ready');

  // The security context: non-root, read-only, no capabilities, the runtime's seccomp profile.
  const podSecurity = pod.securityContext || {};
  const security = container.securityContext || {};
  if (podSecurity.runAsNonRoot !== true || security.runAsNonRoot !== true)
    say('does not require runAsNonRoot');
  if (podSecurity.runAsUser === 0 || security.runAsUser === 0) say('runs as user 0 (root)');
  if (security.readOnlyRootFilesystem !== true) say('has a writable root filesystem');
  if (security.allowPrivilegeEscalation !== false) say('allows privilege escalation');
  if (JSON.stringify(security.capabilities?.drop) !== '["ALL"]')
    say('does not drop ALL capabilities');
  if (podSecurity.seccompProfile?.type !== 'RuntimeDefault')
    say('has no RuntimeDefault seccomp profile');
  if (pod.automountServiceAccountToken !== false) say('mounts a service account token');
  // Only emptyDirs are writable.
  for (const volume of pod.volumes || [])
    if (!volume.emptyDir) say(`mounts volume ${volume.name}, which is not an emptyDir`);

  // Resources, and a pinned image.
  if (!container.resources?.requests?.cpu || !container.resources?.requests?.memory)
    say('has no cpu and memory requests');
  if (!container.resources?.limits?.memory) say('has no memory limit');
  const image = container.image;
  if (!/(@sha256:[0-9a-f]{64}|:[\w][\w.-]{0,127})$/.test(image) || /:latest$/.test(image))
    say(`image ${image} is not pinned (a tag other than latest, or a digest)`);

  // Configuration: its own ConfigMap, with variables the app reads; Secrets by reference only.
  const configRef = container.envFrom?.find((e) => e.configMapRef)?.configMapRef.name;
  const configMap = byKind(docs, 'ConfigMap').find((c) => c.metadata.name === configRef);
  if (!configMap) say(`has no ConfigMap of its own (envFrom ${configRef})`);
  else {
    const known = envNames(app);
    for (const key of Object.keys(configMap.data || {}))
      if (!known.has(key)) say(`ConfigMap key ${key} is no variable of the app`);
  }
  for (const entry of container.env || [])
    if (entry.value !== undefined && /URL|SECRET|KEY|PASSWORD/.test(entry.name))
      say(`${entry.name} is given as a value, not from a Secret`);
  if (byKind(docs, 'Secret').length)
    problems.push('the charts render a Secret: the operator provides them');

  // Metrics: annotated with the port the container opens.
  const metrics = container.ports.find((p) => p.name === 'metrics');
  const annotations = deployment.spec.template.metadata.annotations || {};
  if (metrics && annotations['prometheus.io/port'] !== String(metrics.containerPort))
    say('prometheus.io/port is not its metrics port');

  // A Service, a PodDisruptionBudget, and an HPA that owns the replica count when there is one.
  const name = deployment.metadata.name;
  if (!byKind(docs, 'Service').some((s) => s.metadata.name === name)) say('has no Service');
  const hpa = byKind(docs, 'HorizontalPodAutoscaler').find(
    (h) => h.spec.scaleTargetRef.name === name,
  );
  if (hpa && deployment.spec.replicas !== undefined) say('sets replicas although an HPA scales it');
  if (!hpa && !(deployment.spec.replicas >= 2)) say('runs fewer than 2 replicas');
  if (!byKind(docs, 'PodDisruptionBudget').some((p) => appOf(p) === app))
    say('has no PodDisruptionBudget');
}

function checkNetworkPolicy(app, docs, problems) {
  const say = (text) => problems.push(`${app}: ${text}`);
  const policy = byKind(docs, 'NetworkPolicy').find((p) => appOf(p) === app);
  if (!policy) return say('has no NetworkPolicy');
  const selects = policy.spec.podSelector?.matchLabels?.['app.kubernetes.io/name'];
  if (selects !== app) say(`its NetworkPolicy selects ${selects}`);
  if (JSON.stringify(policy.spec.policyTypes) !== '["Ingress","Egress"]')
    say('its NetworkPolicy does not restrict both ingress and egress');
  for (const rule of policy.spec.egress || []) {
    if (!rule.to?.length) say('may reach any destination (an egress rule without `to`)');
    for (const port of rule.ports || [{ port: 'any' }])
      if (!APPS[app].egressPorts.includes(port.port)) say(`may reach port ${port.port}`);
  }
  for (const rule of policy.spec.ingress || []) {
    for (const port of rule.ports || [{ port: 'any' }]) {
      if (port.port === 'http' && !APPS[app].exposed) say('its HTTP port is reachable');
      else if (port.port !== 'http' && port.port !== 'metrics')
        say(`port ${port.port} is reachable`);
      else if (port.port === 'metrics' && !rule.from?.length)
        say('its metrics are reachable by anyone');
    }
  }
}

/** Every problem of one rendering (all the documents of a chart, or of the umbrella). */
function problemsOf(docs) {
  const problems = [];
  const deployments = byKind(docs, 'Deployment');
  if (!deployments.length) problems.push('renders no Deployment');
  for (const deployment of deployments) {
    checkDeployment(deployment, docs, problems);
    checkNetworkPolicy(appOf(deployment), docs, problems);
  }
  for (const ingress of byKind(docs, 'Ingress'))
    for (const rule of ingress.spec.rules)
      for (const p of rule.http.paths) {
        const target = docs.find(
          (d) => d.kind === 'Service' && d.metadata.name === p.backend.service.name,
        );
        if (!target || !APPS[appOf(target)]?.exposed)
          problems.push(`Ingress ${ingress.metadata.name} exposes ${p.backend.service.name}`);
      }
  if (/:latest\b/.test(JSON.stringify(docs))) problems.push('a `latest` tag appears');
  return problems;
}

module.exports = { APPS, envNames, problemsOf };
