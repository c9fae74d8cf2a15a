'use strict';
// Child processes in their own process groups, so that a whole tree (kc.sh and its java, for
// example) can be stopped with one signal and nothing is orphaned.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { sleep } = require('./util');

const hasProc = fs.existsSync('/proc/self/stat');

/** Pids of the live (non-zombie) members of a process group. */
function groupMembers(pgid) {
  if (!hasProc) {
    try {
      process.kill(-pgid, 0);
      return [pgid];
    } catch (err) {
      return err.code === 'EPERM' ? [pgid] : [];
    }
  }
  const members = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X')
      members.push(Number(entry));
  }
  return members;
}

function groupAlive(pgid) {
  return groupMembers(pgid).length > 0;
}

function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * SIGTERM to the whole group, then SIGKILL after `graceMs`.
 * @returns {Promise<'not running' | 'stopped' | 'killed'>}
 */
async function stopGroup(pgid, graceMs = 15000) {
  if (!groupAlive(pgid)) return 'not running';
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await sleep(100);
    if (!groupAlive(pgid)) return 'stopped';
  }
  signalGroup(pgid, 'SIGKILL');
  for (let i = 0; i < 50 && groupAlive(pgid); i++) await sleep(100);
  return 'killed';
}

/** The command line of a process, or null when it does not exist (or cannot be read). */
function commandLine(pid) {
  if (!hasProc) return null;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return null;
  }
}

/**
 * Starts a command as the leader of a new process group, stdout and stderr to `logFile` (truncated,
 * unless `appendLog`: a restart keeps what the process wrote before).
 * The returned child does not keep the event loop alive; `exited` settles when it exits.
 */
function spawnGroup(command, args, { env, cwd, logFile, appendLog = false }) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const fd = fs.openSync(logFile, appendLog ? 'a' : 'w');
  let child;
  try {
    child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd], env, cwd });
  } finally {
    fs.closeSync(fd);
  }
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
  });
  child.unref();
  return { child, pid: child.pid, pgid: child.pid, exited };
}

/**
 * A watchdog process that outlives us: if this process dies without releasing it (even by SIGKILL),
 * the pipe to its stdin closes and it stops every watched process group and removes watched dirs.
 */
class Reaper {
  constructor() {
    this.child = spawn(process.execPath, [path.join(__dirname, 'reaper.js')], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    this.child.on('error', () => {});
    this.child.stdin.on('error', () => {});
    this.child.unref();
    this.child.stdin.unref();
  }

  send(line) {
    if (this.child.stdin.writable) this.child.stdin.write(`${line}\n`);
  }

  watch(pgid) {
    this.send(`watch ${pgid}`);
  }

  forget(pgid) {
    this.send(`forget ${pgid}`);
  }

  removeOnDeath(dir) {
    this.send(`dir ${dir}`);
  }

  /** We clean up ourselves (or hand the processes over to `up`'s state file): the reaper just exits. */
  release() {
    this.send('release');
    this.child.stdin.end();
  }
}

module.exports = {
  spawnGroup,
  stopGroup,
  signalGroup,
  groupAlive,
  groupMembers,
  commandLine,
  Reaper,
};
