import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { stripVTControlCharacters } from 'node:util';

/** A command running on a pseudo-terminal, as in a user's terminal window. */
export interface Terminal {
  readonly command: string;
  /** Everything the terminal showed so far, escape sequences removed, `\r\n` as `\n`. */
  text(): string;
  /**
   * Resolves once the terminal shows `pattern`, checked on every output (no timer of its own: the
   * test's timeout bounds it). Rejects if the command exits first.
   */
  shows(pattern: string | RegExp): Promise<void>;
  /** Types into the terminal, as at the keyboard (`\r` is Enter). */
  type(keys: string): void;
  /** Ctrl-C. */
  interrupt(): void;
  /** The command's exit code. */
  readonly exited: Promise<number | null>;
  /** For cleanup: Ctrl-C, and if it lingers, kill the terminal (its programs get SIGHUP). */
  close(): Promise<void>;
}

/**
 * `script` gives the command a pseudo-terminal (util-linux on Linux, BSD `script` elsewhere), so
 * prompts behave as they do for a user: hidden input, Ctrl-C as SIGINT to the foreground programs.
 */
function scriptArgs(command: string): string[] {
  return process.platform === 'linux'
    ? ['-qefc', command, '/dev/null']
    : ['-q', '/dev/null', 'sh', '-c', command];
}

/** Runs `command` with `sh` on a new pseudo-terminal. */
export function openTerminal(command: string, options: { cwd: string; env: NodeJS.ProcessEnv }): Terminal {
  const child = spawn('script', scriptArgs(command), {
    cwd: options.cwd,
    env: { ...options.env, SHELL: '/bin/sh' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let raw = '';
  const watchers = new Set<() => void>();
  const text = () => stripVTControlCharacters(raw).replace(/\r+\n/g, '\n');
  const onOutput = (chunk: Buffer) => {
    raw += chunk.toString('utf8');
    for (const check of watchers) check();
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  // A terminal whose command has ended takes no more keys: writing to it fails with EPIPE, which
  // is not an error of the test (shows() reports what the terminal did instead).
  child.stdin.on('error', () => undefined);
  let done = false;
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      done = true;
      for (const check of watchers) check();
      resolve(code);
    });
  });
  return {
    command,
    text,
    exited,
    shows(pattern) {
      const met = () => (typeof pattern === 'string' ? text().includes(pattern) : pattern.test(text()));
      return new Promise((resolve, reject) => {
        const check = () => {
          if (met()) {
            watchers.delete(check);
            resolve();
          } else if (done) {
            watchers.delete(check);
            reject(new Error(`\`${command}\` exited without showing ${pattern}:\n${text()}`));
          }
        };
        watchers.add(check);
        check();
      });
    },
    type(keys) {
      child.stdin.write(keys);
    },
    interrupt() {
      child.stdin.write('\x03');
    },
    async close() {
      if (done) return;
      if (child.exitCode === null && child.stdin.writable) child.stdin.write('\x03');
      // Cleanup only, after the assertions: a grace period, then the terminal goes.
      await Promise.race([exited, delay(10_000)]);
      if (!done) child.kill('SIGKILL');
      await exited;
    },
  };
}
