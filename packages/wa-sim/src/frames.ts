/** The 4-byte intro every client sends once before its first frame: `W A 6 3`. */
export const NOISE_INTRO = Buffer.from([87, 65, 6, 3]);

/**
 * Splits the client's byte stream into frames: the intro once, then 3-byte big-endian lengths.
 * The simulator never gives clients routing info, so the `ED` edge-routing intro is not accepted.
 */
export class FrameDecoder {
  private buffer: Buffer = Buffer.alloc(0);
  private introSeen = false;

  /** Appends bytes and returns every complete frame; throws on a bad intro. */
  push(data: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? data : Buffer.concat([this.buffer, data]);
    if (!this.introSeen) {
      if (this.buffer.length < NOISE_INTRO.length) return [];
      if (!this.buffer.subarray(0, NOISE_INTRO.length).equals(NOISE_INTRO)) {
        throw new Error('bad noise intro');
      }
      this.buffer = this.buffer.subarray(NOISE_INTRO.length);
      this.introSeen = true;
    }
    const frames: Buffer[] = [];
    while (this.buffer.length >= 3) {
      const size = this.buffer.readUIntBE(0, 3);
      if (this.buffer.length < size + 3) break;
      frames.push(this.buffer.subarray(3, size + 3));
      this.buffer = this.buffer.subarray(size + 3);
    }
    return frames;
  }
}

/** Prefixes a payload with its 3-byte big-endian length (the server never sends an intro). */
export const encodeFrame = (payload: Uint8Array): Buffer => {
  if (payload.length >= 1 << 24) throw new Error('frame too large');
  const frame = Buffer.alloc(payload.length + 3);
  frame.writeUIntBE(payload.length, 0, 3);
  frame.set(payload, 3);
  return frame;
};
