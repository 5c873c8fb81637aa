import { randomBytes } from 'node:crypto';

// The CSPRNG is read in 4 KiB blocks: each read is a system call costing about as much as a whole
// AES-GCM encryption, and ids, IVs and the like need a few bytes at a time. Bytes handed out are
// never handed out again.
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

/** `n` bytes from the CSPRNG (n at most 256), drawn from a pooled block. */
export function pooledRandomBytes(n: number): Buffer {
  if (offset + n > pool.length) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  const out = Buffer.from(pool.subarray(offset, offset + n));
  offset += n;
  return out;
}

/** One byte from the CSPRNG, drawn from the pooled block. */
export function pooledRandomByte(): number {
  if (offset >= pool.length) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  return pool[offset++]!;
}
