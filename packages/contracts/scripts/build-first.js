'use strict';
// The scripts read the compiled catalog in dist/: a stale build would silently use old contracts,
// so each builds the package first.

const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

/** Compiles the package (tsconfig.build.json) into dist/, its output on this process's. */
function buildPackage() {
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    { cwd: join(__dirname, '..'), stdio: 'inherit' },
  );
}

module.exports = { buildPackage };
