'use strict';
// Chromium for the web app's browser tests: found where it is, installed only when missing.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { findChromium, provisionChromium } = require('../provision');

describe('provisionChromium', () => {
  let dir;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opencen-chromium-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('uses the browser CHROMIUM_PATH names, and installs nothing', async () => {
    const binary = path.join(dir, 'chrome');
    fs.writeFileSync(binary, '');
    const lines = [];
    await expect(
      provisionChromium({ env: { CHROMIUM_PATH: binary, PATH: dir }, log: (l) => lines.push(l) }),
    ).resolves.toBe(binary);
    expect(lines).toEqual([`Chromium: ${binary}`]);
  });

  it('finds `chromium` on PATH', () => {
    const binary = path.join(dir, 'chromium');
    fs.writeFileSync(binary, '#!/bin/sh\n', { mode: 0o755 });
    expect(findChromium({ PATH: dir })).toBe(binary);
  });

  it('says what to install when it is missing and apt-get cannot install it', async () => {
    // PATH holds neither chromium nor apt-get.
    const attempt = provisionChromium({ env: { PATH: dir }, log: () => {} });
    await expect(attempt).rejects.toThrow(/Chromium is needed for the web app's browser tests/);
    await expect(attempt).rejects.toMatchObject({
      hint: expect.stringMatching(/apt-get install chromium.*CHROMIUM_PATH/),
    });
  });
});
