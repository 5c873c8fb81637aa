/**
 * `node --cpu-prof --cpu-prof-dir=bench/results/profiles --import tsx bench/profile-send.ts`:
 * puts the send endpoint under load (BENCH_SESSION stopped|connected, BENCH_DURATION seconds) so
 * that the CPU profile of the server's thread shows where an accept spends its time; then prints
 * the functions with the most self time (`bench/profile-summary.ts` does the same for any profile).
 */
import autocannon from 'autocannon';
import { envInt } from './env.js';
import { startWagwServer } from './wagw-server.js';

const session = process.env.BENCH_SESSION === 'connected' ? 'connected' : 'stopped';
const server = await startWagwServer({ session });
try {
  const result = await autocannon({
    url: server.sendUrl,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...server.authHeaders },
    body: JSON.stringify({ type: 'text', to: '+14155550000', text: 'hello' }),
    connections: envInt('BENCH_CONNECTIONS', 50, 1),
    duration: envInt('BENCH_DURATION', 10, 1),
    workers: 1,
  });
  console.log(`${session}: ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms`);
} finally {
  await server.close();
}
