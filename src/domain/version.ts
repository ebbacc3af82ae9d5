// capsim's version, from package.json: results.json records it, and `capsim --version` prints it.
// A module of its own so that the command line can print it without loading the simulator.
// The path holds from dist/domain/ and from the bundle's dist/bundle/ alike (scripts/bundle.mjs).

import { createRequire } from 'node:module';

export const CAPSIM_VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
