// `npm run schema`: regenerates schema/scenario.schema.json (a test checks it is up to date).
import { writeFileSync } from 'node:fs';
import { scenarioJsonSchema } from './json-schema.js';

const target = new URL('../../schema/scenario.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${target.pathname}\n`);
