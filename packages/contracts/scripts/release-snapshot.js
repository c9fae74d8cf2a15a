#!/usr/bin/env node
// Writes the snapshot of the contracts as released (released/<release>/: the generated JSON
// Schemas), which the compatibility check (src/compatibility.spec.ts) compares the contracts with
// from then on. Run it when a release is cut, on the commit that is released.
//   node scripts/release-snapshot.js <release>   write released/<release>/, drop the previous one
//   node scripts/release-snapshot.js --check     print what breaks the last release (as the test does)
// It builds the package first, because it reads the compiled catalog in dist/.
'use strict';

const { buildPackage } = require('./build-first');
const { join } = require('node:path');

const root = join(__dirname, '..');
const args = process.argv.slice(2);
if (args.length !== 1 || (args[0].startsWith('-') && args[0] !== '--check')) {
  console.error('usage: npm run release-snapshot -w @opencen/contracts -- <release> | --check');
  process.exit(2);
}

buildPackage();

const { catalog, checkCompatibility, generateArtifacts } = require('../dist');
// Node-only file handling, kept out of the package's index (the web app bundles the contracts).
const {
  readReleaseSnapshot,
  readRetirements,
  snapshotFiles,
  writeReleaseSnapshot,
} = require('../dist/release-snapshot');
const { version } = require('../package.json');

const releasedDir = join(root, 'released');
const current = snapshotFiles(generateArtifacts(catalog, { version }));

if (args[0] === '--check') {
  const { release, files } = readReleaseSnapshot(releasedDir);
  const problems = checkCompatibility(files, current, readRetirements(releasedDir));
  for (const problem of problems) console.error(`- ${problem.message}`);
  console.log(
    problems.length === 0
      ? `The contracts are compatible with release ${release} (${files.size} schemas).`
      : `${problems.length} change(s) break consumers of release ${release}.`,
  );
  process.exit(problems.length === 0 ? 0 : 1);
}

const release = args[0];
const { removed } = writeReleaseSnapshot(releasedDir, release, current);
console.log(
  `released/${release}/: ${current.size} schemas` +
    (removed.length > 0 ? `; removed released/${removed.join(', released/')}/` : '') +
    '; released/retirements.json emptied. Commit released/ with the release.',
);
