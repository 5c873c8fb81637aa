/** The rate-limit stores a test runs with: the database always, Redis when available (always in CI). */
export function rateLimitBackends(): { name: string; redisUrl?: string }[] {
  const redisUrl =
    process.env.WAGW_TEST_REDIS_URL ?? (process.env.CI === 'true' ? 'redis://127.0.0.1:6379' : undefined);
  return [{ name: 'database' }, ...(redisUrl ? [{ name: 'redis', redisUrl }] : [])].map((b) => ({
    ...b,
    toString: () => b.name,
  }));
}

/**
 * Waits until at least `marginMs` of the current clock minute remain: the database store counts in
 * minutes aligned to the clock, so a burst that straddles a minute would see two windows.
 */
export async function untilFreshMinute(marginMs = 10_000): Promise<void> {
  while (60_000 - (Date.now() % 60_000) < marginMs) {
    await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000) + 10));
  }
}
