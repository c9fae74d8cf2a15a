'use strict';
// Preloaded (node --require) into the app processes that the e2e setup and the benchmark start.
// Their stdin is a pipe from the process that started them: when it closes, that process is gone
// (even killed with SIGKILL), and the app shuts itself down as on SIGTERM. No orphans.

process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
process.stdin.on('error', () => {});
process.stdin.resume();
// Reading stdin must not keep the app alive once it has closed everything else.
process.stdin.unref();
