'use strict';

// The architecture rules that CI keeps (.dependency-cruiser.cjs, run by `npm run arch` and by the
// checks of `npm test`), each shown to fail on a tree that breaks it and to pass a tree that
// keeps them all: a rule that matched nothing would let every violation through.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '../../..');
const DEPCRUISE = path.join(REPO_ROOT, 'node_modules', '.bin', 'depcruise');
const CONFIG = path.join(REPO_ROOT, '.dependency-cruiser.cjs');

/** Writes `files` (path → source) into a fresh directory and cruises it with the repo's rules. */
function cruise(files) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'opencen-arch-'));
  try {
    // A framework package as the resolver finds it: under node_modules/.
    const nest = path.join(root, 'node_modules/@nestjs/common');
    fs.mkdirSync(nest, { recursive: true });
    fs.writeFileSync(
      path.join(nest, 'package.json'),
      '{"name":"@nestjs/common","main":"index.js"}',
    );
    fs.writeFileSync(path.join(nest, 'index.js'), 'module.exports = {};');
    for (const [file, source] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), source);
    }
    const result = spawnSync(
      DEPCRUISE,
      ['apps', '--config', CONFIG, '--output-type', 'json', '--no-progress'],
      { cwd: root, encoding: 'utf8' },
    );
    const output = JSON.parse(result.stdout);
    return output.summary.violations.map((violation) => ({
      rule: violation.rule.name,
      severity: violation.rule.severity,
      from: violation.from,
    }));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** A feature of app `a` in the shape every service has, with nothing wrong. */
const clean = {
  'apps/a/src/seizures/domain/seizure.ts': 'export const seizure = 1;\n',
  'apps/a/src/seizures/usecases/ports.ts':
    "import { seizure } from '../domain/seizure';\nexport const port = seizure;\n",
  'apps/a/src/seizures/infrastructure/store.ts':
    "import { port } from '../usecases/ports';\nexport const store = port;\n",
  'apps/a/src/seizures/seizures.module.ts':
    "import { store } from './infrastructure/store';\nimport '@nestjs/common';\nexport const module = store;\n",
  'apps/a/src/reports/reports.module.ts':
    "import { module } from '../seizures/seizures.module';\nexport const reports = module;\n",
};

describe('architecture rules', () => {
  it('pass a service in the agreed shape', () => {
    expect(cruise(clean)).toEqual([]);
  });

  it.each([
    [
      'no-cycles',
      {
        'apps/a/src/seizures/domain/weight.ts':
          "import { seizure } from './seizure';\nexport const weight = seizure;\n",
        'apps/a/src/seizures/domain/seizure.ts':
          "import { weight } from './weight';\nexport const seizure = weight;\n",
      },
    ],
    [
      'domain-without-frameworks',
      {
        'apps/a/src/seizures/domain/seizure.ts':
          "import '@nestjs/common';\nexport const seizure = 1;\n",
      },
    ],
    [
      'domain-below-usecases-and-infrastructure',
      {
        'apps/a/src/seizures/domain/rule.ts':
          "import { port } from '../usecases/ports';\nexport const rule = port;\n",
      },
    ],
    [
      'usecases-know-ports-not-infrastructure',
      {
        'apps/a/src/seizures/usecases/record.ts':
          "import { store } from '../infrastructure/store';\nexport const record = store;\n",
      },
    ],
    [
      'features-meet-through-their-modules',
      {
        'apps/a/src/reports/reports.module.ts':
          "import { store } from '../seizures/infrastructure/store';\nexport const reports = store;\n",
      },
    ],
    [
      'apps-do-not-import-apps',
      {
        'apps/b/src/main.ts':
          "import { module } from '../../a/src/seizures/seizures.module';\nexport const main = module;\n",
      },
    ],
  ])('fail a tree that breaks %s, as an error', (rule, breaking) => {
    const violations = cruise({ ...clean, ...breaking });
    expect(violations.map((v) => v.rule)).toContain(rule);
    expect(violations.filter((v) => v.rule === rule).every((v) => v.severity === 'error')).toBe(
      true,
    );
  });
});
