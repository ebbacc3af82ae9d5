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
