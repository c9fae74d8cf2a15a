'use strict';
// Small helpers shared by provisioning, the stack runner and the CLI. Node built-ins only.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** An error whose message tells the user what to do next; the CLI prints it without a stack trace. */
class InfraError extends Error {
  /** @param {string} message @param {{ hint?: string, logTail?: string }} [extra] */
  constructor(message, extra = {}) {
    super(message);
    this.name = 'InfraError';
    this.hint = extra.hint;
    this.logTail = extra.logTail;
  }
}

/**
 * Runs a command to completion, capturing its output (also on failure, for error messages).
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }),
    );
  });
}

/** Like run() but rejects with an InfraError carrying the command's output when it fails. */
async function runChecked(command, args, options = {}, what = `${command} ${args.join(' ')}`) {
  let result;
  try {
    result = await run(command, args, options);
  } catch (err) {
    throw new InfraError(`${what} could not be started: ${err.message}`);
  }
  if (result.code !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-25).join('\n');
    throw new InfraError(`${what} failed (exit code ${result.code}).`, { logTail: output });
  }
  return result;
}

/** Finds an executable on PATH, or null. */
function which(name, env = process.env) {
  for (const dir of (env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** The last `lines` lines of a text file, or '' when it cannot be read. */
function tailFile(file, lines = 30) {
  try {
    const size = fs.statSync(file).size;
    const length = Math.min(size, 64 * 1024);
    const fd = fs.openSync(file, 'r');
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    fs.closeSync(fd);
    return buffer
      .toString('utf8')
      .split('\n')
      .filter((l, i, all) => l || i < all.length - 1)
      .slice(-lines)
      .join('\n');
  } catch {
    return '';
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** "63 s", "1 min 5 s", "850 ms". */
function formatDuration(ms) {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** A URL fit to print: the password in it, if any, replaced by ***. */
function redactUrl(url) {
  return String(url).replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/]*@/i, '$1:***@');
}

module.exports = {
  InfraError,
  run,
  runChecked,
  which,
  tailFile,
  sleep,
  formatDuration,
  redactUrl,
};
