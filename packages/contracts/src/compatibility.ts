/**
 * Compatibility of the contracts with those of the last release: compares the generated JSON
 * Schemas of the current contracts with the committed snapshot of the release
 * (`released/<release>/`) and names every change that would break a program built against the
 * release. The rules and their reasons are in the README ("Compatibility with the last release").
 *
 * Who reads and who writes decides what breaks:
 *
 * - a **request** is written by callers of the release and read by the new replier: the new schema
 *   must accept everything the released one accepted (it may only widen);
 * - a **reply** or an **event** is written by the new producer and read by consumers of the
 *   release, who ignore fields they do not know (tolerant readers): the new schema may add
 *   fields, but must not let through a value the released one refused. And for the time of a
 *   rolling upgrade (and, for events, as long as the stream keeps them) consumers of the new
 *   release read what released producers wrote: the new schema must accept that too. So only
 *   added optional fields are compatible;
 * - the shared schemas (`schemas/`: the CloudEvents envelope, the error envelope, the principal)
 *   are read and written by every service, and follow the rules of events.
 *
 * The comparison is structural and conservative: where it cannot prove that one schema accepts
 * what the other allows (two different patterns, say), it reports the change. Producers write only
 * the fields their contract declares (`buildEvent` refuses others, replies are parsed before they
 * are sent), so a field a schema does not declare is taken as absent from what it describes.
 */
import { z } from 'zod';

import { type JsonSchema } from './json-schema';

/** Who reads a contract's messages, which decides what a change may break. */
export type ContractRole = 'request' | 'reply' | 'event' | 'shared';

/** The rules a change can break; each is explained in the README. */
export type CompatibilityRule =
  | 'removed-contract'
  | 'removed-field'
  | 'retyped'
  | 'new-required-field'
  | 'made-optional'
  | 'narrowed'
  | 'widened'
  | 'retirement';

/** One incompatible change, with what to do about it. */
export interface CompatibilityProblem {
  /** The contract: a request subject, an event type, or a shared schema (`schemas/principal`). */
  readonly contract: string;
  readonly role: ContractRole;
  /** The schema file, relative to `generated/` and to the release snapshot. */
  readonly file: string;
  /**
   * JSON Pointer (RFC 6901) into that file: into the current schema, or into the released one
   * when the change is a removal. Empty for a whole contract.
   */
  readonly pointer: string;
  /** The field as a reader sees it, e.g. `draft.items[].quantity`; empty for the message itself. */
  readonly field: string;
  readonly rule: CompatibilityRule;
  /** What changed, released → current. */
  readonly detail: string;
  /** Who breaks, and how. */
  readonly why: string;
  /** What to do instead. */
  readonly fix: string;
  /** Everything above in one paragraph, for test output and the CI log. */
  readonly message: string;
}

/** Generated schema files: path relative to `generated/` (`events/…`, `requests/…`) → JSON text. */
export type SchemaFiles = ReadonlyMap<string, string>;

/**
 * A released contract removed on purpose, once its consumers moved to a newer version: listed in
 * `released/retirements.json` until the next release snapshot no longer holds it.
 */
export const retirementSchema = z.strictObject({
  /** The request subject or event type removed, e.g. `cases.case.created.v1`. */
  contract: z.string().min(1),
  /** The version that replaces it, which must be in the current contracts. */
  replacedBy: z.string().min(1).optional(),
  /** Why it could go: who read it, and how we know they moved. */
  reason: z.string().min(1),
});

/** One entry of `released/retirements.json`. */
export type Retirement = z.infer<typeof retirementSchema>;

/** The schema of `released/retirements.json`. */
export const retirementsFileSchema = z.strictObject({ retired: z.array(retirementSchema) });

/** The retirements file, as the messages name it. */
const RETIREMENTS_PATH = 'released/retirements.json';

/** Where the rules are explained, for the messages. */
export const COMPATIBILITY_RULES_DOC =
  'packages/contracts/README.md, "Compatibility with the last release"';

/**
 * Compares the current schema files with those of the last release and returns every change that
 * breaks a consumer of the release, sorted by file and pointer. Files other than the contracts'
 * and the shared schemas (the AsyncAPI document) are ignored. A released contract missing from
 * the current ones is a problem unless `retirements` lists it.
 */
export function checkCompatibility(
  released: SchemaFiles,
  current: SchemaFiles,
  retirements: readonly Retirement[] = [],
): CompatibilityProblem[] {
  const problems: CompatibilityProblem[] = [];
  const currentContracts = contractsOf(current);
  const releasedContracts = contractsOf(released);
  const retired = new Map(retirements.map((entry) => [entry.contract, entry]));

  for (const [id, files] of releasedContracts) {
    if (currentContracts.has(id)) continue;
    // A request subject has two files; name it by its request.
    const [file, role] = files.find(([, r]) => r === 'request') ?? files[0]!;
    const retirement = retired.get(id);
    if (retirement) {
      if (retirement.replacedBy !== undefined && !currentContracts.has(retirement.replacedBy)) {
        problems.push(
          problem(id, role, file, '', '', 'retirement', {
            detail: `retired in favour of ${retirement.replacedBy}, which is not a current contract`,
            why: `consumers of ${id} were told to move to a version that does not exist`,
            fix: `name the version that replaces it in ${RETIREMENTS_PATH}, or restore ${id}`,
          }),
        );
      }
      continue;
    }
    problems.push(
      problem(id, role, file, '', '', 'removed-contract', {
        detail: `${describeContract(id, role)} of the release is gone`,
        why: whoMissesIt(role),
        fix:
          role === 'shared'
            ? 'keep it: every service reads it'
            : `keep serving ${id} until its consumers have moved to ${nextVersion(id)}; then list it ` +
              `in ${RETIREMENTS_PATH} (contract, replacedBy, reason) in the release that removes it`,
      }),
    );
  }
  for (const entry of retirements) {
    if (currentContracts.has(entry.contract) || !releasedContracts.has(entry.contract)) {
      const [file, role] = currentContracts.get(entry.contract)?.[0] ?? [
        RETIREMENTS_PATH,
        /\.v[0-9]+$/.test(entry.contract) && entry.contract.split('.').length === 4
          ? 'event'
          : 'request',
      ];
      problems.push(
        problem(entry.contract, role, file, '', '', 'retirement', {
          detail: currentContracts.has(entry.contract)
            ? 'listed as retired, yet still a current contract'
            : 'listed as retired, yet not a contract of the release',
          why: `${RETIREMENTS_PATH} must say what the release snapshot and the contracts show`,
          fix: `remove the entry from ${RETIREMENTS_PATH}`,
        }),
      );
    }
  }

  for (const [file, releasedText] of released) {
    const located = locate(file);
    const currentText = current.get(file);
    if (!located || currentText === undefined) continue;
    const [id, role] = located;
    const before = JSON.parse(releasedText) as Schema;
    const after = JSON.parse(currentText) as Schema;
    const findings: Finding[] = [];
    // The current reader must take what released writers send…
    compareSides(before, after, true, findings);
    // …and, but for requests, released readers must take what current writers send.
    if (role !== 'request') compareSides(before, after, false, findings);
    for (const finding of dedupe(findings)) {
      problems.push(
        problem(id, role, file, finding.pointer, finding.field, finding.rule, {
          detail: finding.detail,
          why: whyItBreaks(finding.rule, role),
          fix: fixFor(finding.rule, id, role),
        }),
      );
    }
  }
  return problems.sort(
    (a, b) => compare(a.file, b.file) || compare(a.pointer, b.pointer) || compare(a.rule, b.rule),
  );
}

/** The next version of a request subject or event type: `x.y.z` → `x.y.z.v2`, `….v2` → `….v3`. */
export function nextVersion(id: string): string {
  const match = /^(.*)\.v([1-9][0-9]*)$/.exec(id);
  return match ? `${match[1]}.v${Number(match[2]) + 1}` : `${id}.v2`;
}

// ---------------------------------------------------------------------------------------------
// Contracts and their files

type ContractFiles = [file: string, role: ContractRole][];

/** The contract and role of a schema file, or undefined for a file that holds none. */
function locate(file: string): [id: string, role: ContractRole] | undefined {
  let match = /^events\/(.+)\.schema\.json$/.exec(file);
  if (match) return [match[1]!, 'event'];
  match = /^requests\/(.+)\.(request|reply)\.schema\.json$/.exec(file);
  if (match) return [match[1]!, match[2] as 'request' | 'reply'];
  match = /^schemas\/(.+)\.schema\.json$/.exec(file);
  if (match) return [`schemas/${match[1]!}`, 'shared'];
  return undefined;
}

function contractsOf(files: SchemaFiles): Map<string, ContractFiles> {
  const contracts = new Map<string, ContractFiles>();
  for (const file of [...files.keys()].sort(compare)) {
    const located = locate(file);
    if (!located) continue;
    const [id, role] = located;
    contracts.set(id, [...(contracts.get(id) ?? []), [file, role]]);
  }
  return contracts;
}

function describeContract(id: string, role: ContractRole): string {
  if (role === 'event') return `the event ${id}`;
  if (role === 'shared') return `the shared schema ${id}`;
  return `the request subject ${id}`;
}

// ---------------------------------------------------------------------------------------------
// What each rule means for whom, and what to do

function whoMissesIt(role: ContractRole): string {
  return {
    request: 'callers built against the release send it and would find no responder',
    reply: 'callers built against the release wait for it',
    event: 'consumers built against the release (services, external subscribers) wait for it',
    shared: 'every service and external subscriber reads it',
  }[role];
}

function whyItBreaks(rule: CompatibilityRule, role: ContractRole): string {
  const oldWriters = {
    request: 'a caller built against the release may send',
    reply: 'a replica still on the release may answer, during a rolling upgrade,',
    event:
      'producers on the release published (still in the stream) or still publish, during a rolling upgrade,',
    shared: 'a service still on the release may send',
  }[role];
  const newReaders = {
    request: 'which the current replier refuses',
    reply: 'which callers of this release refuse',
    event: 'which consumers of this release refuse',
    shared: 'which services of this release refuse',
  }[role];
  const oldReaders = {
    request: 'the released replier',
    reply: 'callers built against the release',
    event: 'consumers built against the release',
    shared: 'services on the release',
  }[role];
  switch (rule) {
    case 'removed-field':
      return role === 'request'
        ? `${oldWriters} this field, and the current replier refuses it as unknown`
        : `${oldReaders} read this field, and it is no longer sent`;
    case 'new-required-field':
      return `${oldWriters} a message without this field, ${newReaders}`;
    case 'made-optional':
      return `${oldReaders} require this field, and it may now be missing`;
    case 'narrowed':
      return `${oldWriters} a value here ${newReaders}`;
    case 'widened':
      return `a value may now be sent here that ${oldReaders} refuse`;
    case 'retyped':
      return role === 'request'
        ? `${oldWriters} the former type, ${newReaders}`
        : `${oldReaders} refuse the new type, and readers of this release the former one`;
    default:
      return '';
  }
}

function fixFor(rule: CompatibilityRule, id: string, role: ContractRole): string {
  if (role === 'shared') {
    return rule === 'widened'
      ? 'services of the release refuse the new value: first release readers that tolerate it, ' +
          'then send it in a later release'
      : 'change a shared schema only by adding optional fields';
  }
  const newVersion = `ship the change as ${nextVersion(id)} beside ${id}, which stays as released until its consumers have moved (README, "Versions side by side")`;
  switch (rule) {
    case 'new-required-field':
      return `make the field optional (or give it a default), or ${newVersion}`;
    case 'removed-field':
      return `keep the field (say in its description that it is deprecated), or ${newVersion}`;
    default:
      return newVersion;
  }
}

function problem(
  contract: string,
  role: ContractRole,
  file: string,
  pointer: string,
  field: string,
  rule: CompatibilityRule,
  text: { detail: string; why: string; fix: string },
): CompatibilityProblem {
  const where = `${file}${pointer === '' ? '' : `#${pointer}`}${field === '' ? '' : ` (${field})`}`;
  const label = role === 'request' || role === 'reply' ? `${contract} ${role}` : contract;
  return {
    contract,
    role,
    file,
    pointer,
    field,
    rule,
    ...text,
    message:
      `${label}: ${rule} at ${where}: ${text.detail}. Breaks: ${text.why}. ` +
      `Fix: ${text.fix}. Rules: ${COMPATIBILITY_RULES_DOC}.`,
  };
}

// ---------------------------------------------------------------------------------------------
// The structural comparison

type Schema = JsonSchema | boolean;
type SchemaObject = Record<string, unknown>;

interface Side {
  /** The whole document, to resolve local `$ref`s. */
  readonly root: Schema;
  readonly node: Schema;
  readonly pointer: string;
}

interface Finding {
  readonly rule: CompatibilityRule;
  readonly pointer: string;
  readonly field: string;
  readonly detail: string;
}

interface Walk {
  /** Whether the reader is the current schema (and the writer the released one), or the reverse. */
  readonly readerIsNew: boolean;
  readonly findings: Finding[];
  /** Pairs of schema locations already compared, so that recursive schemas end. */
  readonly seen: Set<string>;
}

function compareSides(before: Schema, after: Schema, readerIsNew: boolean, findings: Finding[]) {
  const released: Side = { root: before, node: before, pointer: '' };
  const current: Side = { root: after, node: after, pointer: '' };
  const walk: Walk = { readerIsNew, findings, seen: new Set() };
  if (readerIsNew) accepts(current, released, '', walk);
  else accepts(released, current, '', walk);
}

/**
 * Records, in `walk.findings`, where `written` may hold a value that `reader` refuses. Details
 * are phrased released → current whichever side reads.
 */
function accepts(readerSide: Side, writtenSide: Side, field: string, walk: Walk): void {
  const reader = deref(readerSide);
  const written = deref(writtenSide);
  const key = `${reader.pointer}|${written.pointer}`;
  if (walk.seen.has(key)) return;
  walk.seen.add(key);

  const sides = { reader, written, walk, field };
  if (reader.node === true || isEmptySchema(reader.node) || written.node === false) return;
  if (reader.node === false) {
    report(sides, restrictionRule(walk), 'accepts nothing');
    return;
  }
  const r = reader.node as SchemaObject;
  const w = (written.node === true ? {} : written.node) as SchemaObject;

  const writtenBranches = branchesOf(written);
  if (writtenBranches) {
    for (const branch of writtenBranches) accepts(reader, branch, field, walk);
    return;
  }
  const readerBranches = branchesOf(reader);
  if (readerBranches) {
    // `type: ["string", "null"]` against `anyOf: [string, null]`: each type finds its alternative.
    const types = Array.isArray(w.type) && w.type.length > 1 ? (w.type as string[]) : [undefined];
    for (const type of types) {
      const node = type === undefined ? w : { ...w, type };
      acceptsByOneBranch(readerBranches, { ...written, node }, field, walk);
    }
    return;
  }

  // Reported once, from the pass where the current schema reads.
  for (const keyword of walk.readerIsNew ? UNCOMPARED : []) {
    if (JSON.stringify(r[keyword]) !== JSON.stringify(w[keyword])) {
      report(sides, 'narrowed', `${keyword} changed (not compared keyword by keyword)`);
    }
  }
  if (!compareTypes(sides, r, w)) return;

  const readerValues = valuesOf(r);
  const writtenValues = valuesOf(w);
  if (writtenValues) {
    const refused = writtenValues.filter((value) => !valueAccepted(value, reader));
    if (refused.length > 0) {
      const rule = restrictionRule(walk);
      report(sides, rule, enumDetail(sides, readerValues, writtenValues, refused));
    }
    return;
  }
  if (readerValues) {
    report(
      sides,
      restrictionRule(walk),
      pair(walk, `only ${formatValues(readerValues)}`, 'any value'),
    );
    return;
  }

  compareStrings(sides, r, w);
  compareNumbers(sides, r, w);
  compareArrays(sides, r, w);
  compareObjects(sides, r, w);
}

interface Sides {
  readonly reader: Side;
  readonly written: Side;
  readonly walk: Walk;
  readonly field: string;
}

/**
 * The rule a reader's restriction breaks: a current reader that takes less than released writers
 * send was narrowed; a current writer that sends more than released readers take was widened.
 */
function restrictionRule(walk: Walk): CompatibilityRule {
  return walk.readerIsNew ? 'narrowed' : 'widened';
}

/** `type A → B`, released → current, and what of it is refused. */
function typeChange(
  walk: Walk,
  readerTypes: string,
  writtenTypes: string,
  refused: string,
): string {
  return walk.readerIsNew
    ? `type ${writtenTypes} → ${readerTypes}: ${refused} no longer taken`
    : `type ${readerTypes} → ${writtenTypes}: ${refused} newly sent`;
}

function describeTypes(node: Schema): string {
  if (node === true) return 'any';
  if (node === false) return 'nothing';
  return typesOf(node as SchemaObject)?.join(' | ') ?? 'any';
}

/** Orders a pair of descriptions released → current, whichever side reads. */
function pair(walk: Walk, readerText: string, writtenText: string): string {
  return walk.readerIsNew ? `${writtenText} → ${readerText}` : `${readerText} → ${writtenText}`;
}

function report(sides: Sides, rule: CompatibilityRule, detail: string, pointer?: string): void {
  const { reader, written, walk, field } = sides;
  const currentPointer = walk.readerIsNew ? reader.pointer : written.pointer;
  sides.walk.findings.push({ rule, pointer: pointer ?? currentPointer, field, detail });
}

/** Compares types; false when nothing of what is written is accepted (no point going deeper). */
function compareTypes(sides: Sides, r: SchemaObject, w: SchemaObject): boolean {
  const readerTypes = typesOf(r);
  if (!readerTypes) return true;
  const writtenTypes = typesOf(w);
  const refused = writtenTypes
    ? writtenTypes.filter((type) => !typeAccepted(type, readerTypes))
    : ['any type'];
  if (refused.length === 0) return true;
  sides.walk.findings.push({
    rule: 'retyped',
    pointer: sides.walk.readerIsNew ? sides.reader.pointer : sides.written.pointer,
    field: sides.field,
    detail: typeChange(
      sides.walk,
      readerTypes.join(' | '),
      writtenTypes?.join(' | ') ?? 'any',
      refused.join(' | '),
    ),
  });
  return writtenTypes !== undefined && refused.length < writtenTypes.length;
}

function compareStrings(sides: Sides, r: SchemaObject, w: SchemaObject): void {
  if (!mayBe(w, 'string')) return;
  lowerBound(sides, 'minLength', r.minLength, w.minLength);
  upperBound(sides, 'maxLength', r.maxLength, w.maxLength);
  // zod writes its own pattern beside a format; where both sides have the same pattern, that
  // pattern is what both ends check, and the format only names it.
  const samePattern = r.pattern !== undefined && r.pattern === w.pattern;
  for (const keyword of samePattern ? ['pattern'] : ['pattern', 'format']) {
    if (r[keyword] !== undefined && r[keyword] !== w[keyword]) {
      const describe = (value: unknown) =>
        value === undefined ? `no ${keyword}` : `${keyword} ${JSON.stringify(value)}`;
      report(
        sides,
        restrictionRule(sides.walk),
        pair(sides.walk, describe(r[keyword]), describe(w[keyword])),
      );
    }
  }
}

function compareNumbers(sides: Sides, r: SchemaObject, w: SchemaObject): void {
  if (!mayBe(w, 'number') && !mayBe(w, 'integer')) return;
  const readerLow = boundOf(r.minimum, r.exclusiveMinimum, 'low');
  const writtenLow = boundOf(w.minimum, w.exclusiveMinimum, 'low');
  if (readerLow && (!writtenLow || tighter(readerLow, writtenLow, 'low'))) {
    report(
      sides,
      restrictionRule(sides.walk),
      pair(sides.walk, describeBound(readerLow, 'low'), describeBound(writtenLow, 'low')),
    );
  }
  const readerHigh = boundOf(r.maximum, r.exclusiveMaximum, 'high');
  const writtenHigh = boundOf(w.maximum, w.exclusiveMaximum, 'high');
  if (readerHigh && (!writtenHigh || tighter(readerHigh, writtenHigh, 'high'))) {
    report(
      sides,
      restrictionRule(sides.walk),
      pair(sides.walk, describeBound(readerHigh, 'high'), describeBound(writtenHigh, 'high')),
    );
  }
  const readerStep = r.multipleOf;
  const writtenStep = w.multipleOf;
  if (
    typeof readerStep === 'number' &&
    !(typeof writtenStep === 'number' && Number.isInteger(writtenStep / readerStep))
  ) {
    report(
      sides,
      restrictionRule(sides.walk),
      pair(
        sides.walk,
        `multipleOf ${readerStep}`,
        writtenStep === undefined ? 'no multipleOf' : `multipleOf ${String(writtenStep)}`,
      ),
    );
  }
}

function compareArrays(sides: Sides, r: SchemaObject, w: SchemaObject): void {
  if (!mayBe(w, 'array')) return;
  lowerBound(sides, 'minItems', r.minItems, w.minItems);
  upperBound(sides, 'maxItems', r.maxItems, w.maxItems);
  if (r.uniqueItems === true && w.uniqueItems !== true) {
    report(
      sides,
      restrictionRule(sides.walk),
      pair(sides.walk, 'unique items', 'items may repeat'),
    );
  }
  if (r.items === undefined) return;
  if (Array.isArray(r.items) || Array.isArray(w.items)) {
    // Tuples: no contract has one; compared as a whole rather than guessed at.
    if (JSON.stringify(r.items) !== JSON.stringify(w.items)) {
      report(sides, restrictionRule(sides.walk), 'tuple items changed');
    }
    return;
  }
  accepts(
    child(sides.reader, r.items as Schema, '/items'),
    child(sides.written, (w.items ?? true) as Schema, '/items'),
    `${sides.field}[]`,
    sides.walk,
  );
}

function compareObjects(sides: Sides, r: SchemaObject, w: SchemaObject): void {
  if (!mayBe(w, 'object')) return;
  const { walk } = sides;
  const readerProps = (r.properties ?? {}) as Record<string, Schema>;
  const writtenProps = (w.properties ?? {}) as Record<string, Schema>;
  const readerRequired = new Set((r.required ?? []) as string[]);
  const writtenRequired = new Set((w.required ?? []) as string[]);
  // An undeclared additionalProperties means: readers ignore other fields, writers send none.
  const readerExtra = r.additionalProperties as Schema | undefined;
  const writtenExtra = w.additionalProperties as Schema | undefined;
  const writtenSendsOthers = writtenExtra !== undefined && writtenExtra !== false;
  const handled = new Set<string>();

  for (const [name, schema] of Object.entries(writtenProps)) {
    const field = join(sides.field, name);
    const writtenChild = child(sides.written, schema, `/properties/${pointerToken(name)}`);
    if (name in readerProps) {
      accepts(
        child(sides.reader, readerProps[name]!, `/properties/${pointerToken(name)}`),
        writtenChild,
        field,
        walk,
      );
      continue;
    }
    if (readerExtra !== undefined && readerExtra !== false) {
      accepts(child(sides.reader, readerExtra, '/additionalProperties'), writtenChild, field, walk);
      continue;
    }
    // Released writers send a field the current reader does not declare: it was removed. The
    // reverse (a field the current writer added) is ignored by tolerant released readers, unless
    // the released reader refused unknown fields.
    if (walk.readerIsNew) {
      handled.add(name);
      walk.findings.push({
        rule: 'removed-field',
        pointer: writtenChild.pointer,
        field,
        detail: `field ${JSON.stringify(name)} removed`,
      });
    } else if (readerExtra === false) {
      report(
        { ...sides, field },
        'widened',
        `field ${JSON.stringify(name)} added to an object that refused unknown fields`,
        writtenChild.pointer,
      );
    }
  }

  for (const [name, schema] of Object.entries(readerProps)) {
    if (name in writtenProps) continue;
    const field = join(sides.field, name);
    const readerChild = child(sides.reader, schema, `/properties/${pointerToken(name)}`);
    if (writtenSendsOthers) {
      accepts(
        readerChild,
        child(sides.written, writtenExtra === true ? true : writtenExtra!, '/additionalProperties'),
        field,
        walk,
      );
    }
    handled.add(name);
    // A field only the current reader declares is new; one only the released reader declares was
    // removed, which the other direction reports.
    if (walk.readerIsNew && readerRequired.has(name) && !hasDefault(readerChild)) {
      walk.findings.push({
        rule: 'new-required-field',
        pointer: readerChild.pointer,
        field,
        detail: `new required field ${JSON.stringify(name)}`,
      });
    }
  }

  for (const name of readerRequired) {
    if (handled.has(name) || writtenRequired.has(name) || !(name in writtenProps)) continue;
    const readerChild = child(
      sides.reader,
      readerProps[name] ?? true,
      `/properties/${pointerToken(name)}`,
    );
    if (hasDefault(readerChild)) continue;
    const field = join(sides.field, name);
    if (walk.readerIsNew) {
      walk.findings.push({
        rule: 'new-required-field',
        pointer: readerChild.pointer,
        field,
        detail: `field ${JSON.stringify(name)} optional → required`,
      });
    } else {
      walk.findings.push({
        rule: 'made-optional',
        pointer: `${sides.written.pointer}/properties/${pointerToken(name)}`,
        field,
        detail: `field ${JSON.stringify(name)} required → optional`,
      });
    }
  }

  if (writtenSendsOthers) {
    const others = child(
      sides.written,
      writtenExtra === true ? true : writtenExtra!,
      '/additionalProperties',
    );
    const field = join(sides.field, '*');
    if (readerExtra === false) {
      report(
        { ...sides, field },
        restrictionRule(walk),
        pair(walk, 'no other fields', 'any other field'),
      );
    } else if (readerExtra !== undefined) {
      accepts(child(sides.reader, readerExtra, '/additionalProperties'), others, field, walk);
    }
    if (r.propertyNames !== undefined) {
      accepts(
        child(sides.reader, r.propertyNames as Schema, '/propertyNames'),
        child(sides.written, (w.propertyNames ?? { type: 'string' }) as Schema, '/propertyNames'),
        `${sides.field === '' ? '' : `${sides.field}.`}(keys)`,
        walk,
      );
    }
  }
}

/**
 * A written value must be taken by one of the reader's alternatives (anyOf / oneOf). When none
 * takes it, what the closest alternative refuses is reported (a nullable string whose length
 * was narrowed); when no alternative is of the same kind (another discriminator value, another
 * type), the union is reported as a whole.
 */
function acceptsByOneBranch(branches: Side[], written: Side, field: string, walk: Walk): void {
  let closest: Finding[] | undefined;
  let otherKind = false;
  for (const branch of branches) {
    const trial: Walk = { ...walk, findings: [], seen: new Set(walk.seen) };
    accepts(branch, written, field, trial);
    if (trial.findings.length === 0) return;
    const rootPointer = walk.readerIsNew ? branch.pointer : written.pointer;
    const retyped = trial.findings.some((f) => f.rule === 'retyped' && f.pointer === rootPointer);
    if (discriminatorsClash(branch, written)) otherKind = true;
    else if (!retyped && (!closest || trial.findings.length < closest.length)) {
      closest = trial.findings;
    }
  }
  if (closest) {
    walk.findings.push(...closest);
    return;
  }
  const unionPointer = branches[0]!.pointer.replace(/\/(anyOf|oneOf)\/\d+$/, '');
  const pointer = walk.readerIsNew ? unionPointer : written.pointer;
  if (otherKind) {
    const alternative = describeAlternative(written);
    walk.findings.push({
      rule: restrictionRule(walk),
      pointer,
      field,
      detail: walk.readerIsNew
        ? `alternative ${alternative} no longer taken`
        : `new alternative ${alternative} sent`,
    });
    return;
  }
  const readerTypes = branches.map((branch) => describeTypes(deref(branch).node)).join(' | ');
  const writtenTypes = describeTypes(deref(written).node);
  walk.findings.push({
    rule: 'retyped',
    pointer,
    field,
    detail: typeChange(walk, readerTypes, writtenTypes, writtenTypes),
  });
}

/**
 * Whether two object schemas are alternatives of a discriminated union that cannot meet: a
 * property that both pin to values (`const` / `enum`), with no value in common.
 */
function discriminatorsClash(readerSide: Side, writtenSide: Side): boolean {
  const reader = deref(readerSide).node;
  const written = deref(writtenSide).node;
  if (typeof reader !== 'object' || typeof written !== 'object') return false;
  const readerProps = (reader.properties ?? {}) as Record<string, Schema>;
  const writtenProps = (written.properties ?? {}) as Record<string, Schema>;
  return Object.entries(readerProps).some(([name, schema]) => {
    const other = writtenProps[name];
    if (typeof schema !== 'object' || typeof other !== 'object') return false;
    const readerValues = valuesOf(schema as SchemaObject);
    const writtenValues = valuesOf(other as SchemaObject);
    if (!readerValues || !writtenValues) return false;
    const taken = new Set(readerValues.map((value) => JSON.stringify(value)));
    return !writtenValues.some((value) => taken.has(JSON.stringify(value)));
  });
}

/** An alternative by its pinned values (`{"kind":"person"}`), else by its types. */
function describeAlternative(side: Side): string {
  const node = deref(side).node;
  if (typeof node !== 'object') return describeTypes(node);
  const pinned = Object.entries((node.properties ?? {}) as Record<string, Schema>).flatMap(
    ([name, schema]) => {
      const values = typeof schema === 'object' ? valuesOf(schema as SchemaObject) : undefined;
      return values?.length === 1 ? [[name, values[0]] as const] : [];
    },
  );
  return pinned.length > 0
    ? JSON.stringify(Object.fromEntries(pinned))
    : `of type ${describeTypes(node)}`;
}

// ---------------------------------------------------------------------------------------------
// Small helpers over JSON Schema draft-07 as zod writes it

function deref(side: Side): Side {
  let current = side;
  for (let hops = 0; hops < 32; hops++) {
    const node = current.node;
    if (typeof node !== 'object' || typeof node.$ref !== 'string' || !node.$ref.startsWith('#')) {
      return current;
    }
    const pointer = node.$ref.slice(1);
    current = { root: side.root, node: resolvePointer(side.root, pointer), pointer };
  }
  throw new Error(`Reference loop at ${side.pointer}`);
}

function resolvePointer(root: Schema, pointer: string): Schema {
  if (pointer === '') return root;
  let node: unknown = root;
  for (const token of pointer.slice(1).split('/')) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(key in node)) {
      throw new Error(`Unresolvable reference #${pointer}`);
    }
    node = (node as Record<string, unknown>)[key];
  }
  return node as Schema;
}

function child(side: Side, node: Schema, path: string): Side {
  return { root: side.root, node, pointer: `${side.pointer}${path}` };
}

function branchesOf(side: Side): Side[] | undefined {
  const node = side.node;
  if (typeof node !== 'object') return undefined;
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const list = node[keyword];
    if (Array.isArray(list)) {
      return list.map((branch, i) => child(side, branch as Schema, `/${keyword}/${i}`));
    }
  }
  return undefined;
}

/**
 * Keywords zod does not write for our contracts today; a change in one is reported rather than
 * compared, so that it cannot slip through.
 */
const UNCOMPARED = [
  'allOf',
  'not',
  'if',
  'then',
  'else',
  'dependencies',
  'patternProperties',
  'additionalItems',
  'contains',
] as const;

const ANNOTATIONS = new Set([
  '$schema',
  '$comment',
  '$id',
  'title',
  'description',
  'default',
  'examples',
  'contentEncoding',
  'contentMediaType',
  'readOnly',
  'writeOnly',
  'definitions',
]);

function isEmptySchema(node: Schema): boolean {
  return typeof node === 'object' && Object.keys(node).every((key) => ANNOTATIONS.has(key));
}

/** The JSON types a schema allows, or undefined for any. */
function typesOf(node: SchemaObject): string[] | undefined {
  if (typeof node.type === 'string') return [node.type];
  if (Array.isArray(node.type)) return node.type as string[];
  const values = valuesOf(node);
  if (values) return [...new Set(values.map(jsonTypeOf))];
  return undefined;
}

function typeAccepted(type: string, accepted: readonly string[]): boolean {
  return accepted.includes(type) || (type === 'integer' && accepted.includes('number'));
}

function mayBe(node: SchemaObject, type: string): boolean {
  const types = typesOf(node);
  return !types || types.includes(type) || (type === 'number' && types.includes('integer'));
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The values a schema allows when it lists them (`const`, `enum`), else undefined. */
function valuesOf(node: SchemaObject): unknown[] | undefined {
  if ('const' in node) return [node.const];
  if (Array.isArray(node.enum)) return node.enum as unknown[];
  return undefined;
}

/** Whether `reader` takes a value: enough of a validator for the values enums and consts hold. */
function valueAccepted(value: unknown, readerSide: Side): boolean {
  const reader = deref(readerSide);
  if (reader.node === true) return true;
  if (reader.node === false) return false;
  const branches = branchesOf(reader);
  if (branches) return branches.some((branch) => valueAccepted(value, branch));
  const node = reader.node as SchemaObject;
  const types = typesOf(node);
  if (types && !typeAccepted(jsonTypeOf(value), types)) return false;
  const values = valuesOf(node);
  if (values && !values.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
    return false;
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof node.minLength === 'number' && length < node.minLength) return false;
    if (typeof node.maxLength === 'number' && length > node.maxLength) return false;
    if (typeof node.pattern === 'string' && !matches(node.pattern, value)) return false;
  }
  if (typeof value === 'number') {
    if (typeof node.minimum === 'number' && value < node.minimum) return false;
    if (typeof node.maximum === 'number' && value > node.maximum) return false;
    if (typeof node.exclusiveMinimum === 'number' && value <= node.exclusiveMinimum) return false;
    if (typeof node.exclusiveMaximum === 'number' && value >= node.exclusiveMaximum) return false;
    if (typeof node.multipleOf === 'number' && !Number.isInteger(value / node.multipleOf)) {
      return false;
    }
  }
  return true;
}

function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return false; // a pattern we cannot run proves nothing: count the value as refused
  }
}

function enumDetail(
  sides: Sides,
  readerValues: unknown[] | undefined,
  writtenValues: unknown[],
  refused: unknown[],
): string {
  const { walk } = sides;
  const readerText = readerValues ? formatValues(readerValues) : "the type's constraints";
  const change = pair(walk, readerText, formatValues(writtenValues));
  return walk.readerIsNew
    ? `values ${change}, no longer taken: ${formatValues(refused)}`
    : `values ${change}, newly sent: ${formatValues(refused)}`;
}

/** Values as JSON, the first few of a long list only. */
function formatValues(values: readonly unknown[], shown = 8): string {
  const listed = values.slice(0, shown).map((value) => JSON.stringify(value));
  return values.length > shown
    ? `${listed.join(', ')}, … (${values.length} in all)`
    : listed.join(', ');
}

interface Bound {
  readonly value: number;
  readonly exclusive: boolean;
}

function boundOf(inclusive: unknown, exclusive: unknown, side: 'low' | 'high'): Bound | undefined {
  const bounds: Bound[] = [];
  if (typeof inclusive === 'number') bounds.push({ value: inclusive, exclusive: false });
  if (typeof exclusive === 'number') bounds.push({ value: exclusive, exclusive: true });
  return bounds.reduce<Bound | undefined>(
    (best, bound) => (!best || tighter(bound, best, side) ? bound : best),
    undefined,
  );
}

/** Whether bound `a` takes less than bound `b` on that side. */
function tighter(a: Bound, b: Bound, side: 'low' | 'high'): boolean {
  if (a.value !== b.value) return side === 'low' ? a.value > b.value : a.value < b.value;
  return a.exclusive && !b.exclusive;
}

function describeBound(bound: Bound | undefined, side: 'low' | 'high'): string {
  if (!bound) return side === 'low' ? 'no minimum' : 'no maximum';
  const keyword = side === 'low' ? 'minimum' : 'maximum';
  return `${bound.exclusive ? `exclusive ${keyword}` : keyword} ${bound.value}`;
}

function lowerBound(sides: Sides, keyword: string, reader: unknown, written: unknown): void {
  if (typeof reader !== 'number' || reader === 0) return;
  if (typeof written === 'number' && written >= reader) return;
  const describe = (value: unknown) =>
    typeof value === 'number' ? `${keyword} ${value}` : `no ${keyword}`;
  report(sides, restrictionRule(sides.walk), pair(sides.walk, describe(reader), describe(written)));
}

function upperBound(sides: Sides, keyword: string, reader: unknown, written: unknown): void {
  if (typeof reader !== 'number') return;
  if (typeof written === 'number' && written <= reader) return;
  const describe = (value: unknown) =>
    typeof value === 'number' ? `${keyword} ${value}` : `no ${keyword}`;
  report(sides, restrictionRule(sides.walk), pair(sides.walk, describe(reader), describe(written)));
}

function hasDefault(side: Side): boolean {
  const node = deref(side).node;
  return typeof node === 'object' && 'default' in node;
}

function join(field: string, name: string): string {
  return field === '' ? name : `${field}.${name}`;
}

function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    // Both directions may see one change (a retyped field of an event): it is reported once.
    const key = `${finding.rule}|${finding.pointer}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Code-unit order, the same on every machine whatever its locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
