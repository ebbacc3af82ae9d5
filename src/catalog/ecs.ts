// ECS limits and agent defaults that shape how fast and where tasks start: the Fargate task
// launch rate (an account-and-Region token bucket), and the ECS agent's defaults on a container
// instance. Each with its source and date.

/**
 * Fargate task launches: a token bucket per account and Region, shared by every ECS service,
 * RunTask caller and EKS pod on Fargate (On-Demand and Spot alike). EC2 launch type tasks are not
 * counted against it.
 */
export const FARGATE_LAUNCH_RATE = {
  perSecond: 20,
  burst: 100,
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/userguide/throttling.html ("Fargate ... task launch rate": burst 100, sustained 20 per second, per account per Region)',
  asOf: '2026-09-20',
} as const;

/**
 * Memory an ECS container instance registers: what the OS reports as total (the kernel and
 * platform keep a share of the installed memory), less ECS_RESERVED_MEMORY (default 0). AWS's
 * only published figure is the m4.large: 8 GiB installed, `free -b` total 8,373,026,816 bytes, so
 * "7985 MiB available for tasks". AWS gives no per-type table; capsim scales that ratio to every
 * type (a documented choice): registered = floor(installed MiB × 7985 / 8192).
 */
export const ECS_REGISTERED_MEMORY = {
  exampleInstalledMiB: 8192,
  exampleRegisteredMiB: 7985,
  source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/memory-management.html (m4.large example; ECS_RESERVED_MEMORY); same example in https://docs.aws.amazon.com/batch/latest/userguide/memory-management.html',
  asOf: '2026-12-07',
} as const;

/** Memory (MiB) an instance of `memoryGiB` installed registers with ECS (before ECS_RESERVED_MEMORY). */
export function ecsRegisteredMemoryMiB(memoryGiB: number): number {
  return Math.floor((memoryGiB * 1024 * ECS_REGISTERED_MEMORY.exampleRegisteredMiB) / ECS_REGISTERED_MEMORY.exampleInstalledMiB);
}

/** Installed minus registered memory (MiB): the default `reservedMemory` of a container instance. */
export function ecsUnregisteredMemoryMiB(memoryGiB: number): number {
  return memoryGiB * 1024 - ecsRegisteredMemoryMiB(memoryGiB);
}

/**
 * EC2 bills an instance from `running`; `pending` (from the launch request) is free: "you're not
 * billed" for pending (EC2 instance lifecycle). AWS publishes no pending duration; capsim assumes
 * 15 s (capped by the group's launchLatency, which runs from request to ECS registration).
 */
export const EC2_PENDING_STATE = {
  assumedSeconds: 15,
  source: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html (billing starts in running, not pending); the 15 s is an assumption',
  asOf: '2026-12-07',
} as const;
export const EC2_PENDING_SECONDS = EC2_PENDING_STATE.assumedSeconds;
