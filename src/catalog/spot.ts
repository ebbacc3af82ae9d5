// Spot: the advisor's frequency-of-interruption bands, the notice, and capsim's rule for turning
// a band into a Poisson hazard (AWS publishes bands, not rates: aws-facts §2.3).

export const SPOT_ADVISOR_SOURCE = {
  source: 'https://spot-bid-advisor.s3.amazonaws.com/spot-advisor-data.json (behind https://aws.amazon.com/ec2/spot/instance-advisor/)',
  asOf: '2026-07-20',
  note: 'bands: 0 <5%, 1 5-10%, 2 10-15%, 3 15-20%, 4 >20% of instances interrupted per month',
} as const;

export const SPOT_BAND_LABELS = ['<5%', '5-10%', '10-15%', '15-20%', '>20%'] as const;

/**
 * Modelling choice: a band's midpoint p (25 % for the open-ended top band) is the chance an
 * instance is interrupted within a 730-hour month, so the hazard is −ln(1 − p) / 730 per hour.
 */
export const SPOT_BAND_MIDPOINTS = [0.025, 0.075, 0.125, 0.175, 0.25] as const;

/** Default band where none is given (the advisor's global rate is "<10%"). */
export const SPOT_DEFAULT_BAND = 1;

export function spotHazardPerHour(band: number): number {
  return -Math.log(1 - SPOT_BAND_MIDPOINTS[band]) / 730;
}

/** AWS's interruption notice: two minutes (EC2 Spot and Fargate Spot). */
export const SPOT_NOTICE_SECONDS = 120;

/** Default EC2 Spot price as a fraction of on-demand: observed us-east-1 2026, 60–70 % off (aws-facts §2.3). */
export const EC2_SPOT_DEFAULT_PRICE_FRACTION = 0.35;
