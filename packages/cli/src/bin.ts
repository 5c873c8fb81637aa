#!/usr/bin/env node
import { createContext } from './context.js';
import { main } from './main.js';

// exitCode, not exit(): pending output is flushed and servers close on their own terms.
process.exitCode = await main(process.argv.slice(2), createContext());

// A library may leave a timer behind after a clean close (Baileys keeps a 30 s pre-key upload
// timeout): once the command is done, give output two seconds to flush, then leave regardless.
setTimeout(() => process.exit(), 2000).unref();
