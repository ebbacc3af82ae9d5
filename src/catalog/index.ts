// AWS data tables (Fargate and EC2 rates, task sizes, instance limits, other rates) and
// look-ups over them. Each table carries a source and an as-of date; nothing here imports
// other capsim modules, and nothing here computes a bill.

export * from './types.js';
export * from './errors.js';
export * from './fargate.js';
export * from './ec2.js';
export * from './other.js';
export * from './tables.js';
export * from './spot.js';
export * from './windows.js';
export * from './commitments.js';
export * from './functions.js';
export * from './eks.js';
export * from './autoscaling.js';
export * from './ecs.js';
