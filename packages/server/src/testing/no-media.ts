import type { EngineContext } from '../engines/engine.js';

/** The media part of an engine context for tests that send and receive no files. */
export const noMedia: Pick<EngineContext, 'readMedia' | 'saveMedia'> = {
  readMedia: async (id) => {
    throw new Error(`no media in this test (asked for ${id})`);
  },
  saveMedia: async () => {
    throw new Error('no media in this test');
  },
};
