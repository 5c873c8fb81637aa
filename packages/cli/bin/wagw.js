#!/usr/bin/env node
// The `wagw` bin is this file rather than dist/bin.js so that it exists before anything is built:
// in the wagw repository `pnpm install` (which links bins, and skips missing ones) runs before
// `pnpm build`, and the repository root depends on this package so that `npx wagw` works there.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'error: wagw is not built yet\nhint: run `npx -y pnpm@10 build` in the wagw repository\n',
  );
  process.exit(1);
}
await import(entry.href);
