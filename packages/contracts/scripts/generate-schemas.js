#!/usr/bin/env node
// Writes generated/ (JSON Schemas and the AsyncAPI document) from the contract catalog.
// It builds the package first, because the catalog it reads is the compiled one in dist/ and a
// stale build would silently publish old contracts.
//   node scripts/generate-schemas.js          write generated/
//   node scripts/generate-schemas.js --check  exit 1 if generated/ is out of date (for CI)
'use strict';

const { buildPackage } = require('./build-first');
const { join } = require('node:path');

const root = join(__dirname, '..');
buildPackage();

const {
  catalog,
  diffArtifacts,
  generateArtifacts,
  isUpToDate,
  writeArtifacts,
  GENERATE_COMMAND,
} = require('../dist');
const { version } = require('../package.json');

const outDir = join(root, 'generated');
const files = generateArtifacts(catalog, { version });

if (process.argv.includes('--check')) {
  const diff = diffArtifacts(outDir, files);
  if (!isUpToDate(diff)) {
    console.error(
      `generated/ is out of date: ${JSON.stringify(diff)}. Run \`${GENERATE_COMMAND}\` and commit it.`,
    );
    process.exit(1);
  }
  console.log(`generated/ is up to date (${files.size} files).`);
} else {
  const { written, deleted } = writeArtifacts(outDir, files);
  for (const path of written) console.log(`wrote   generated/${path}`);
  for (const path of deleted) console.log(`deleted generated/${path}`);
  console.log(
    `generated/: ${files.size} files, ${written.length} written, ${deleted.length} deleted ` +
      `(${catalog.requests.length} requests, ${catalog.events.length} events).`,
  );
}
