/** Timestamps are integer milliseconds since the epoch on both dialects. */
export type Millis = number;
/** SQLite has no boolean: 0/1 on both dialects keeps the code dialect-free. */
export type Flag = number;
export type Mode = 'live' | 'test';
