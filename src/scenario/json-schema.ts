// The scenario schema as JSON Schema, generated from the zod schema so the two never drift.
// Editors use it for completion: `# yaml-language-server: $schema=../schema/scenario.schema.json`.

import { z } from 'zod';
import { scenarioSchema } from './schema.js';

export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://github.com/capsim/capsim/schema/scenario.schema.json',
    title: 'capsim scenario',
    description: 'A capsim scenario: workload, service, SLO and the capacity alternatives to compare.',
  };
}
