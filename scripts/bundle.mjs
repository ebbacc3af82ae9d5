// The second half of `npm run build`: bundles what tsc wrote to dist/ into dist/bundle/, which is
// what the `capsim` command runs. One process start then reads at most ~40 files instead of
// ~420 modules (capsim's own and its dependencies'), and ESM's per-module resolution, reading and
// linking go with them: a one-hour run's whole process took 0.39 s unbundled and 0.28 s bundled
// (docs/architecture.md, "Start-up"). Worker processes start from the same bundle.
//
// esbuild-wasm is esbuild compiled to WebAssembly: no native binary to fetch at install time.
// Entry points keep flat names so a module that starts another by `new URL('./x.js',
// import.meta.url)` finds it beside itself, bundled or not. mathjs and d3 stay outside: capsim
// loads them only when needed, through `createRequire` (expressions; d3's file read into report.html).
// Bundled, yargs finds neither its locale files (capsim says `.locale('en')` anyway) nor a
// package.json of its own (capsim gives `.version()` itself), and src/domain/version.ts reads
// ../../package.json, which holds from dist/bundle/ as from dist/domain/: keep the bundle there.
//
//   node scripts/bundle.mjs [dist]    (dist: where tsc wrote, default ./dist; the bundle goes to dist/bundle)
import { build } from 'esbuild-wasm';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(root, process.argv[2] ?? 'dist');
// The command, and what it starts as a process or thread of its own.
const ENTRIES = ['cli/main.js', 'run/worker.js', 'report/timeseries-thread.js'];
const out = join(dist, 'bundle');

rmSync(out, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ENTRIES.map((e) => join(dist, e)),
  entryNames: '[name]',
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['mathjs', 'd3'],
  // Dependencies written as CommonJS call require(); an ES module has none unless given one.
  banner: { js: "import { createRequire as capsimBundleRequire } from 'node:module'; const require = capsimBundleRequire(import.meta.url);" },
  logLevel: 'warning',
});

// A module found by `new URL('./x.js', import.meta.url)` that is not an entry point above would be
// missing from the bundle, and a missing thread is quietly done without (timeseries-writer.ts):
// refuse the build instead.
for (const file of readdirSync(out).filter((f) => f.endsWith('.js'))) {
  for (const [, name] of readFileSync(join(out, file), 'utf8').matchAll(/new URL\(["']\.\/([^"']+\.js)["'], import\.meta\.url\)/g)) {
    if (!existsSync(join(out, name))) {
      console.error(`scripts/bundle.mjs: ${file} starts ./${name}, which is not in dist/bundle: add it to ENTRIES`);
      process.exit(1);
    }
  }
}
