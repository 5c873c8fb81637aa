#!/usr/bin/env node
import { runStandalone } from './standalone.js';

const args = process.argv.slice(2);
const flagValue = (flag: string): string | undefined => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const port = flagValue('--port');
if (port !== undefined && !/^\d+$/.test(port)) {
  process.stderr.write('usage: wa-sim [--port N] [--host ADDR]\n');
  process.exit(2);
}
const host = flagValue('--host');
await runStandalone({ ...(port ? { port: Number(port) } : {}), ...(host ? { host } : {}) });
