/**
 * The committed snapshot of the last release's contracts (`released/<release>/`): the generated
 * JSON Schemas as they were released, which the compatibility check compares the current
 * contracts with, and the list of released contracts retired since (`released/retirements.json`).
 * Node only: not exported from the package's index, which the web app bundles.
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { type Retirement, retirementsFileSchema } from './compatibility';
import { type GeneratedFiles, stableJson, writeArtifacts } from './generate';

/** The command that writes a release snapshot, for messages that ask someone to run it. */
export const RELEASE_SNAPSHOT_COMMAND =
  'npm run release-snapshot -w @opencen/contracts -- <release>';

/** The file, beside the release folder, that lists the released contracts retired since. */
export const RETIREMENTS_FILE = 'retirements.json';

/** What a release may be called: a version or a date, usable as a folder name everywhere. */
export const RELEASE_NAME_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._-]*$/;

/** The generated folders a snapshot keeps; the AsyncAPI document is derived from them. */
const SNAPSHOT_FOLDERS = ['events/', 'requests/', 'schemas/'];

/** The schemas of the last release, as committed. */
export interface ReleaseSnapshot {
  readonly release: string;
  /** Path relative to the release folder (as in `generated/`) → JSON text. */
  readonly files: GeneratedFiles;
}

/** The part of the generated files that a release snapshot keeps: every JSON Schema. */
export function snapshotFiles(generated: GeneratedFiles): GeneratedFiles {
  return new Map(
    [...generated].filter(([path]) => SNAPSHOT_FOLDERS.some((folder) => path.startsWith(folder))),
  );
}

/**
 * Reads the snapshot in `releasedDir`. There is exactly one: the last release. Throws, saying
 * what to do, when there is none or more than one.
 */
export function readReleaseSnapshot(releasedDir: string): ReleaseSnapshot {
  const releases = releaseFolders(releasedDir);
  if (releases.length !== 1) {
    throw new Error(
      `${releasedDir} must hold exactly one release folder, the last release's; found ` +
        `${releases.length === 0 ? 'none' : releases.join(', ')}. Write it with \`${RELEASE_SNAPSHOT_COMMAND}\`.`,
    );
  }
  const release = releases[0]!;
  const files = new Map<string, string>();
  for (const path of listFiles(join(releasedDir, release))) {
    files.set(path, readFileSync(join(releasedDir, release, path), 'utf8'));
  }
  return { release, files };
}

/** The retirements listed beside the snapshot; none when the file is absent. */
export function readRetirements(releasedDir: string): Retirement[] {
  const path = join(releasedDir, RETIREMENTS_FILE);
  if (!existsSync(path)) return [];
  const parsed = retirementsFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${path} is not a list of retirements: ${parsed.error.message}`);
  }
  return parsed.data.retired;
}

/**
 * Makes `releasedDir` hold the snapshot of `release` alone: writes its files, removes the
 * previous release's folder (git keeps it) and empties the retirements, which that release
 * settled. Returns the folders removed.
 */
export function writeReleaseSnapshot(
  releasedDir: string,
  release: string,
  files: GeneratedFiles,
): { removed: string[] } {
  if (!RELEASE_NAME_PATTERN.test(release)) {
    throw new Error(
      `Invalid release name ${JSON.stringify(release)}: letters, digits, ".", "_" and "-", ` +
        `starting with a letter or digit (e.g. 1.4.0 or 2027.03)`,
    );
  }
  writeArtifacts(join(releasedDir, release), snapshotFiles(files));
  const removed = releaseFolders(releasedDir).filter((folder) => folder !== release);
  for (const folder of removed) rmSync(join(releasedDir, folder), { recursive: true });
  writeFileSync(join(releasedDir, RETIREMENTS_FILE), stableJson({ retired: [] }));
  return { removed };
}

function releaseFolders(releasedDir: string): string[] {
  if (!existsSync(releasedDir)) return [];
  return readdirSync(releasedDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    return entry.isDirectory() ? listFiles(dir, path) : [path];
  });
}
