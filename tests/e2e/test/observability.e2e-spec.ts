import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PERSONS_SEARCHABLE_WITHIN_MS } from '@opencen/contracts';
import { OtlpCollector, eventually } from '@opencen/testing';
import { startApps } from '../support/stack';
import { PURPOSE, api, untilListed } from './support/gateway';

/**
 * Observability of the whole stack, on a stack of its own (its own log directory, every app
 * exporting traces to an in-process OTLP collector, metrics on free ports): one trace crosses the
 * gateway, cases and persons for a case creation with a party; every app serves its metrics; and
 * after a representative run with seeded personal data (names in two scripts, a birth date,
 * document, plate, VIN and VAT numbers, in bodies, query strings, bad input and a narrative),
 * no log file of the stack holds any of it.
 */

/** Letters only, so that names are valid; unique to this run, so a hit is this run's data. */
const letters = (n: number) =>
  Array.from(randomBytes(n), (byte) => String.fromCharCode(65 + (byte % 26))).join('');
const suffix = letters(6);
const SEEDED = {
  familyName: `Quennevil${suffix.toLowerCase()}`,
  givenNames: `Ottilie${letters(4).toLowerCase()}`,
  cyrillicFamilyName: 'Жданович' + 'ЖКЛМНП'[randomBytes(1)[0]! % 6]!.repeat(2),
  dateOfBirth: '1957-11-23',
  passport: `P${randomBytes(4).toString('hex').toUpperCase()}`,
  plate: `OBS${randomBytes(3).toString('hex').toUpperCase()}`,
  vin: `WVWZZZ1J${randomBytes(5).toString('hex').toUpperCase().slice(0, 9)}`,
  companyName: `Transports ${suffix} SARL`,
  vat: `FR${String(randomBytes(4).readUInt32BE(0)).padStart(11, '7').slice(0, 11)}`,
};

const collector = new OtlpCollector();
const logDir = mkdtempSync(path.join(tmpdir(), 'opencen-observability-'));
let apps: Awaited<ReturnType<typeof startApps>> | undefined;
let gatewayBefore: string | undefined;

/** Every file under `dir`, with its text. */
function logFiles(dir: string): { file: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return logFiles(file);
    return [{ file, text: readFileSync(file, 'utf8') }];
  });
}

/** The metrics URL an app logged at start (METRICS_PORT=0: a free port). */
function metricsUrlOf(app: string): string {
  const text = readFileSync(path.join(logDir, `${app}.log`), 'utf8');
  const line = text.split('\n').find((entry) => entry.includes('"metricsUrl"'));
  if (!line) throw new Error(`${app} logged no metrics URL`);
  return (JSON.parse(line) as { metricsUrl: string }).metricsUrl;
}

/** The value of the series of `name` with these labels (in any order) in a scrape, if any. */
function seriesValue(
  text: string,
  name: string,
  labels: Record<string, string>,
): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...match[2]!.matchAll(/([a-z_]+)="([^"]*)"/g)].map(([, key, value]) => [key, value]),
    );
    if (Object.entries(labels).every(([key, value]) => found[key] === value))
      return Number(match[3]);
  }
  return undefined;
}

async function scrape(app: string): Promise<string> {
  const response = await fetch(metricsUrlOf(app));
  expect(response.status).toBe(200);
  return response.text();
}

beforeAll(async () => {
  await collector.start();
  const observed = {
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    // Spans leave within 200 ms instead of 5 s.
    OTEL_BSP_SCHEDULE_DELAY: '200',
    METRICS_PORT: '0',
    // The strictest level: nothing logged even for debugging may hold personal data.
    LOG_LEVEL: 'debug',
  };
  apps = await startApps({
    mongoUrl: process.env.MONGO_URL!,
    keycloakUrl: process.env.KEYCLOAK_URL!,
    logDir,
    log: () => undefined,
    referenceEnv: observed,
    personsEnv: observed,
    casesEnv: observed,
    authEnv: observed,
    notificationsEnv: observed,
    gatewayEnv: { ...observed, RATE_LIMIT_MAX: '10000' },
  });
  // The helpers of ./support/gateway call this stack's gateway in this file.
  gatewayBefore = process.env.E2E_GATEWAY_URL;
  process.env.E2E_GATEWAY_URL = apps.gatewayUrl;
}, 180_000);

afterAll(async () => {
  process.env.E2E_GATEWAY_URL = gatewayBefore;
  await apps?.stop();
  await collector.stop();
  rmSync(logDir, { recursive: true, force: true });
}, 60_000);

const detectedAt = new Date(Date.now() - 3_600_000).toISOString();
const seizure = {
  type: 'seizure',
  detectedAt,
  location: { office: 'FRA-CDG', placeType: 'airport', country: 'FR' },
  procedure: 'passenger',
  detectionMethods: ['XRAY_SCANNER'],
  transportMode: 'AIR',
  items: [{ commodityCategory: 'DRUGS', quantity: 2, unit: 'KGM', description: 'Powder' }],
};

describe('observability of the stack', () => {
  let personId: string;

  it('traces a case creation with a party across the gateway, cases and persons', async () => {
    const person = await api<{ outcome: string; person: { id: string } }>('/api/v1/persons', {
      method: 'POST',
      as: 'officer',
      body: {
        draft: {
          familyName: SEEDED.familyName,
          givenNames: SEEDED.givenNames,
          dateOfBirth: SEEDED.dateOfBirth,
          nationalities: ['FR'],
          documents: [{ type: 'passport', number: SEEDED.passport, issuingCountry: 'FR' }],
        },
        confirmedNew: true,
      },
    });
    expect(person.status).toBe(201);
    personId = person.body.person.id;

    // The client starts the trace: the gateway continues it.
    const traceId = randomBytes(16).toString('hex');
    const created = await api<{ id: string }>('/api/v1/cases', {
      method: 'POST',
      as: 'officer',
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      body: {
        draft: {
          ...seizure,
          narrative: `${SEEDED.givenNames} ${SEEDED.familyName} (passport ${SEEDED.passport}) drove ${SEEDED.plate}.`,
          parties: [{ subjectType: 'person', subjectId: personId, role: 'offender' }],
        },
      },
    });
    expect(created.status).toBe(201);

    const spans = await eventually(
      async () => {
        const trace = collector.trace(traceId);
        const services = new Set(trace.map((span) => span.service));
        // cases asks persons for the party, and persons counts the case from its event.
        const personsConsumed = trace.some((span) => span.service === 'persons' && span.kind === 5);
        if (!services.has('gateway') || !services.has('cases') || !personsConsumed) {
          throw new Error(`the trace has ${trace.map((s) => `${s.service}:${s.name}`).join(', ')}`);
        }
        return trace;
      },
      20_000,
      'one trace across the gateway, cases and persons',
    );
    const named = (service: string, name: string) =>
      spans.find((span) => span.service === service && span.name === name);
    const gateway = named('gateway', 'POST /api/v1/cases');
    const sent = named('gateway', 'cases.case.create send');
    const handled = named('cases', 'cases.case.create process');
    const askedPersons = named('cases', 'persons.person.get send');
    const answered = named('persons', 'persons.person.get process');
    const published = named('cases', 'events.cases.case.created.v1 publish');
    expect(gateway).toMatchObject({ kind: 2, attributes: { 'http.response.status_code': 201 } });
    // Each hop is the child of the one before it.
    expect(sent?.parentSpanId).toBe(gateway!.spanId);
    expect(handled?.parentSpanId).toBe(sent!.spanId);
    expect(askedPersons?.parentSpanId).toBe(handled!.spanId);
    expect(answered?.parentSpanId).toBe(askedPersons!.spanId);
    expect(published?.parentSpanId).toBe(handled!.spanId);
    // Every consumer span is the child of the publication of the event it handles, and persons
    // handles an event of this case creation.
    const publications = new Map(
      spans.filter((span) => span.kind === 4).map((span) => [span.spanId, span]),
    );
    const consumers = spans.filter((span) => span.kind === 5);
    for (const consumer of consumers) expect(publications.has(consumer.parentSpanId!)).toBe(true);
    expect(
      consumers
        .filter((span) => publications.get(span.parentSpanId!)?.service === 'cases')
        .map((span) => span.service),
    ).toContain('persons');
    expect(
      consumers.filter((span) => span.parentSpanId === published!.spanId).length,
    ).toBeGreaterThan(0);
    // Spans name subjects and routes, never what was sent.
    expect(JSON.stringify(collector.spans)).not.toContain(SEEDED.familyName);
  });

  it('serves every app metrics: routes, subjects, outbox, consumers, projections, the process', async () => {
    const gateway = await scrape('gateway');
    expect(
      seriesValue(gateway, 'opencen_http_requests_total', {
        method: 'POST',
        route: '/api/v1/cases',
        status: '201',
        service: 'gateway',
      }),
    ).toBe(1);
    expect(
      seriesValue(gateway, 'opencen_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/v1/persons',
        status_class: '2xx',
      }),
    ).toBe(1);
    const cases = await scrape('cases');
    const create = { subject: 'cases.case.create', outcome: 'ok', service: 'cases' };
    expect(seriesValue(cases, 'opencen_nats_requests_total', create)).toBe(1);
    expect(
      seriesValue(cases, 'opencen_nats_request_duration_seconds_bucket', { ...create, le: '+Inf' }),
    ).toBe(1);
    expect(seriesValue(cases, 'opencen_outbox_published_total', {})).toBeGreaterThan(0);
    expect(seriesValue(cases, 'opencen_outbox_backlog', { collection: 'cases' })).toBe(0);
    expect(seriesValue(cases, 'nodejs_eventloop_lag_p99_seconds', {})).toBeGreaterThan(0);
    expect(seriesValue(cases, 'process_resident_memory_bytes', {})).toBeGreaterThan(0);
    const persons = await scrape('persons');
    expect(persons).toMatch(
      /^opencen_consumer_pending\{stream="OPENCEN_EVENTS",durable="persons-[^"]+",service="persons"\} \d+$/m,
    );
    const getPerson = { subject: 'persons.person.get', outcome: 'ok' };
    expect(seriesValue(persons, 'opencen_nats_requests_total', getPerson)).toBeGreaterThan(0);
    await untilListed(
      `/api/v1/persons?documentNumber=${SEEDED.passport}`,
      'analyst',
      [personId],
      PERSONS_SEARCHABLE_WITHIN_MS,
    );
    const lag = seriesValue(await scrape('persons'), 'opencen_projection_lag_seconds', {
      durable: 'persons-search-people',
    });
    expect(lag).toBeGreaterThanOrEqual(0);
    // Labels are templates: no id or search word becomes a series.
    expect(gateway + persons).not.toContain(personId);
    expect(await scrape('gateway')).not.toContain(SEEDED.passport);
  });

  it('writes no personal data to any log, and the correlation id on every request line', async () => {
    const correlationId = randomUUID();
    const as = { 'x-correlation-id': correlationId };
    // Searches put personal data in query strings.
    for (const query of [
      `name=${encodeURIComponent(SEEDED.familyName)}`,
      `documentNumber=${SEEDED.passport}`,
    ]) {
      const found = await api(`/api/v1/persons?${query}`, {
        as: 'analyst',
        headers: { ...PURPOSE, ...as },
      });
      expect(found.status).toBe(200);
    }
    const cyrillic = await api('/api/v1/persons', {
      method: 'POST',
      as: 'officer',
      headers: as,
      body: {
        draft: {
          familyName: SEEDED.cyrillicFamilyName,
          givenNames: 'Ольга',
          dateOfBirth: SEEDED.dateOfBirth,
        },
        confirmedNew: true,
      },
    });
    expect(cyrillic.status).toBe(201);
    const match = await api('/api/v1/persons/match', {
      method: 'POST',
      as: 'analyst',
      headers: { ...PURPOSE, ...as },
      body: { draft: { familyName: SEEDED.familyName, dateOfBirth: SEEDED.dateOfBirth } },
    });
    expect(match.status).toBe(200);
    // Bad input that carries personal data: refused by the gateway, and by the service.
    const badShape = await api('/api/v1/persons', {
      method: 'POST',
      as: 'officer',
      headers: as,
      body: {
        draft: {
          familyName: SEEDED.familyName,
          dateOfBirth: `${SEEDED.dateOfBirth}T99`,
          documents: [{ type: 'passport', number: SEEDED.passport, issuingCountry: 'FR' }],
        },
      },
    });
    expect(badShape.status).toBe(400);
    const badCode = await api('/api/v1/persons', {
      method: 'POST',
      as: 'officer',
      headers: as,
      body: {
        draft: {
          familyName: SEEDED.familyName,
          nationalities: ['XQ'],
          documents: [{ type: 'passport', number: SEEDED.passport, issuingCountry: 'XQ' }],
        },
        confirmedNew: true,
      },
    });
    expect(badCode.status).toBeGreaterThanOrEqual(400);
    const vehicle = await api('/api/v1/conveyances', {
      method: 'POST',
      as: 'officer',
      headers: as,
      body: {
        draft: { type: 'vehicle', plate: SEEDED.plate, vin: SEEDED.vin },
        confirmedNew: true,
      },
    });
    expect(vehicle.status).toBe(201);
    const byPlate = await api(`/api/v1/conveyances?plate=${SEEDED.plate}`, {
      as: 'analyst',
      headers: { ...PURPOSE, ...as },
    });
    expect(byPlate.status).toBe(200);
    const company = await api('/api/v1/companies', {
      method: 'POST',
      as: 'officer',
      headers: as,
      body: {
        draft: { names: [{ name: SEEDED.companyName }], country: 'FR', vatNumber: SEEDED.vat },
        confirmedNew: true,
      },
    });
    expect(company.status).toBe(201);
    const read = await api(`/api/v1/persons/${personId}`, { as: 'investigator', headers: as });
    expect(read.status).toBe(200);

    // Everything the stack wrote, its shutdown included.
    await apps!.stop();
    apps = undefined;
    const files = logFiles(logDir);
    expect(files.map((entry) => path.basename(entry.file))).toEqual(
      expect.arrayContaining(['gateway.log', 'cases.log', 'persons.log', 'auth.log']),
    );
    const leaks = files.flatMap(({ file, text }) =>
      Object.entries(SEEDED)
        .filter(([, value]) => text.toLowerCase().includes(value.toLowerCase()))
        .map(([what]) => `${path.basename(file)}: ${what}`),
    );
    expect(leaks).toEqual([]);

    // The apps write JSON lines; each line of this test's requests names its correlation id.
    const gatewayLines = readFileSync(path.join(logDir, 'gateway.log'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { correlationId?: string; req?: { url: string } });
    const requestLines = gatewayLines.filter(
      (line) => line.req && line.correlationId === correlationId,
    );
    expect(requestLines.length).toBeGreaterThanOrEqual(10);
  });
});
