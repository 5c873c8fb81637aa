import pkg from '../package.json' with { type: 'json' };

/** The CLI version (inlined into the bundle by tsup). */
export const VERSION: string = pkg.version;
