// The simulation kernel: event queue, clock, named RNG streams and distributions.
// It imports nothing of capsim's and knows nothing about AWS.

export { EventQueue } from './queue.js';
export {
  Simulation,
  PRIORITY_URGENT,
  PRIORITY_NORMAL,
  PRIORITY_LATE,
  type EventHandler,
  type EventHandle,
} from './simulation.js';
export { RngStreams, type Rng } from './rng.js';
export {
  sampler,
  distributionMean,
  distributionReach,
  stratifiedTable,
  describeDistribution,
  lognormalParameters,
  type DistributionSpec,
  type Sampler,
} from './distributions.js';
