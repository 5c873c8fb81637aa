#!/usr/bin/env node
import { createContext } from './context.js';
import { main } from './main.js';

// exitCode, not exit(): pending output is flushed and servers close on their own terms.
process.exitCode = await main(process.argv.slice(2), createContext());
