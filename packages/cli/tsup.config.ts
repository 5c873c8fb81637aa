import { defineConfig } from 'tsup';
import pkg from './package.json' with { type: 'json' };

export default defineConfig({
  entry: ['src/bin.ts'],
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  clean: true,
  sourcemap: true,
  removeNodeProtocol: false,
  // The shebang comes from src/bin.ts (esbuild keeps it; a banner as well would print it twice).
  // Nothing is bundled: the SDK stays a dependency, and `@wagw/server` / `@wagw/wa-sim` (optional
  // peer dependencies) stay lazy runtime imports, so `wagw send` never loads or needs them.
  external: [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)],
});
