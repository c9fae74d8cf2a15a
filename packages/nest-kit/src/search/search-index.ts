import { type Client } from '@opensearch-project/opensearch';

/**
 * An index a service owns: its alias (what searches name), the version of its mappings and
 * settings, and those mappings. A change of mappings is a new `version`: the rebuild command
 * fills `<alias>-v<version>` from the store and swaps the alias, while searches keep answering.
 */
export interface SearchIndexDefinition {
  /** `<service>` or `<service>-<what>`, lowercase: the alias searches and writes go through. */
  readonly alias: string;
  readonly version: number;
  readonly settings?: Record<string, unknown>;
  readonly mappings: Record<string, unknown>;
}

/** The alias and index names of a definition under a prefix (tests give each file its own). */
export interface IndexNames {
  /** What searches read and the projector writes. */
  readonly alias: string;
  /** The index a rebuild is filling, if any: the projector writes it too. */
  readonly building: string;
  /** The index of this version when none of that name is live. */
  readonly versioned: string;
}

export function indexNames(definition: SearchIndexDefinition, prefix = ''): IndexNames {
  const alias = `${prefix}${definition.alias}`;
  return { alias, building: `${alias}.building`, versioned: `${alias}-v${definition.version}` };
}

/** The indexes an alias points at (none when the alias does not exist). */
export async function aliasTargets(client: Client, alias: string): Promise<string[]> {
  const { body, statusCode } = await client.indices.getAlias({ name: alias }, { ignore: [404] });
  if (statusCode === 404) return [];
  return Object.keys(body as Record<string, unknown>);
}

/**
 * Creates the versioned index behind its alias when the alias does not exist yet. A live index of
 * an older version is left serving (it is the rebuild command that moves it), and said; the new
 * version's mappings are added to it when OpenSearch accepts them (new fields: `accepts` true), so
 * that documents of the new shape can be written into it until the rebuild has swapped it.
 * @returns the index the alias points at
 */
export async function ensureSearchIndex(
  client: Client,
  definition: SearchIndexDefinition,
  prefix = '',
): Promise<{ index: string; current: boolean; accepts: boolean }> {
  const names = indexNames(definition, prefix);
  const live = await aliasTargets(client, names.alias);
  if (live.length > 0) {
    const index = live[0]!;
    if (versionOf(index, names.alias) === definition.version) {
      return { index, current: true, accepts: true };
    }
    const { statusCode } = await client.indices.putMapping(
      { index, body: definition.mappings },
      { ignore: [400] },
    );
    return { index, current: false, accepts: statusCode === 200 };
  }
  await client.indices
    .create({
      index: names.versioned,
      body: {
        settings: definition.settings ?? {},
        mappings: definition.mappings,
        aliases: { [names.alias]: {} },
      },
    })
    .catch(async (error: unknown) => {
      // Another replica created it at the same moment: keep theirs once the alias is there.
      if (!isAlreadyExists(error)) throw error;
      if ((await aliasTargets(client, names.alias)).length === 0) throw error;
    });
  return { index: names.versioned, current: true, accepts: true };
}

/** The mapping version in an index name `<alias>-v<version>[-<suffix>]`, or 0. */
export function versionOf(index: string, alias: string): number {
  const match = new RegExp(`^${escape(alias)}-v(\\d+)(?:-.*)?$`).exec(index);
  return match ? Number(match[1]) : 0;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function isAlreadyExists(error: unknown): boolean {
  return /resource_already_exists_exception|invalid_alias_name_exception/.test(
    String(describe(error)),
  );
}

/** OpenSearch's version conflict: the index already holds this version of the document or a newer one. */
export function isVersionConflict(error: unknown): boolean {
  return statusOf(error) === 409;
}

export function statusOf(error: unknown): number | undefined {
  return (error as { meta?: { statusCode?: number } } | undefined)?.meta?.statusCode;
}

function describe(error: unknown): string {
  const body = (error as { meta?: { body?: unknown } } | undefined)?.meta?.body;
  return body ? JSON.stringify(body) : String(error);
}
