'use strict';
// Watchdog started by stack.js (see Reaper in processes.js). It reads commands on stdin:
//   watch <pgid> | forget <pgid> | dir <path> | release
// When stdin closes without `release`, its parent died without cleaning up: it stops every watched
// process group (SIGTERM, then SIGKILL) and removes the watched directories (temporary data).

const fs = require('node:fs');
const { stopGroup } = require('./processes');

// A Ctrl-C in the terminal reaches the whole foreground group; this process is in a group of its
// own, but ignore the usual signals anyway: its job is to act when the parent is gone.
for (const signal of ['SIGINT', 'SIGHUP', 'SIGTERM']) process.on(signal, () => {});

const groups = new Set();
const dirs = new Set();
let released = false;
let pending = '';

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  let newline;
  while ((newline = pending.indexOf('\n')) >= 0) {
    const [command, ...rest] = pending.slice(0, newline).split(' ');
    const arg = rest.join(' ');
    pending = pending.slice(newline + 1);
    if (command === 'watch') groups.add(Number(arg));
    else if (command === 'forget') groups.delete(Number(arg));
    else if (command === 'dir') dirs.add(arg);
    else if (command === 'release') released = true;
  }
});

process.stdin.on('end', async () => {
  if (!released) {
    await Promise.all([...groups].map((pgid) => stopGroup(pgid, 10000)));
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
});
