// EC2 on-demand Linux prices outside us-east-1, by Region: a table per Region with its source.
// us-east-1 is the instance table's own price column (ec2-data.ts). A type a Region's table lacks
// has no price there (the scenario gives one under rates.ec2, or declares the type itself).
//
// Found in a stored, dated source: the two AWS GovCloud (US) Regions, from the same generated
// file family as us-east-1. Not found: eu-west-1, us-west-2, ap-southeast-2 (no stored table
// with a date covers the catalog's families there).

import type { Sourced } from './types.js';

export const EC2_REGION_PRICES_SOURCE: Sourced = {
  source:
    'aws/karpenter-provider-aws:pkg/providers/pricing/zz_generated.pricing_aws_us_gov.go (commit 6fc13b5, ' +
    '"generated at 2026-07-20T13:44:38Z"), map InitialOnDemandPricesUSGov, Regions us-gov-east-1 and us-gov-west-1',
  asOf: '2026-07-20',
  note: 'Float literals with trailing zeros trimmed. us-gov-east-1 has no m4, m6a, c6a, g5 or p4d; us-gov-west-1 no m6a, c6a or g5.',
};

/** Linux on-demand USD per hour, by Region, then type. */
// prettier-ignore
export const EC2_REGION_PRICES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'us-gov-east-1': {
    'm7i.large': '0.12705', 'm7i.xlarge': '0.2541', 'm7i.2xlarge': '0.5082', 'm7i.4xlarge': '1.0164',
    'm6i.large': '0.121', 'm6i.xlarge': '0.242', 'm6i.2xlarge': '0.484', 'm6i.4xlarge': '0.968',
    'm5.large': '0.121', 'm5.xlarge': '0.242', 'm5.2xlarge': '0.484', 'm5.4xlarge': '0.968',
    'm7g.medium': '0.0514', 'm7g.large': '0.1028', 'm7g.xlarge': '0.2056', 'm7g.2xlarge': '0.4112',
    'm7g.4xlarge': '0.8224', 'm6g.large': '0.0968', 'm6g.xlarge': '0.1936', 'c7i.large': '0.1071',
    'c7i.xlarge': '0.2142', 'c7i.2xlarge': '0.4284', 'c7i.4xlarge': '0.8568', 'c6i.large': '0.102',
    'c6i.xlarge': '0.204', 'c6i.2xlarge': '0.408', 'c6i.4xlarge': '0.816', 'c5.large': '0.102',
    'c5.xlarge': '0.204', 'c5.2xlarge': '0.408', 'c5.4xlarge': '0.816', 'c7g.medium': '0.0434',
    'c7g.large': '0.0867', 'c7g.xlarge': '0.1734', 'c7g.2xlarge': '0.3468', 'c7g.4xlarge': '0.6936',
    'c6g.large': '0.0816', 'r7i.large': '0.15855', 'r7i.xlarge': '0.3171', 'r7i.2xlarge': '0.6342',
    'r7i.4xlarge': '1.2684', 'r6i.large': '0.151', 'r6i.xlarge': '0.302', 'r6i.2xlarge': '0.604',
    'r6i.4xlarge': '1.208', 'r5.large': '0.151', 'r5.xlarge': '0.302', 'r5.2xlarge': '0.604',
    'r5.4xlarge': '1.208', 'r7g.medium': '0.0642', 'r7g.large': '0.1284', 'r7g.xlarge': '0.2567',
    'r7g.2xlarge': '0.5134', 'r7g.4xlarge': '1.0269', 'r6g.large': '0.1208', 't3.medium': '0.0488',
    't3.large': '0.0976', 't3.xlarge': '0.1952', 't4g.medium': '0.0392', 't4g.large': '0.0784',
    't4g.xlarge': '0.1568', 'g6.xlarge': '1.0144', 'g6.2xlarge': '1.2322', 'g6.4xlarge': '1.66781',
    'g6.12xlarge': '5.80003', 'g4dn.xlarge': '0.663',
  },
  'us-gov-west-1': {
    'm7i.large': '0.12705', 'm7i.xlarge': '0.2541', 'm7i.2xlarge': '0.5082', 'm7i.4xlarge': '1.0164',
    'm6i.large': '0.121', 'm6i.xlarge': '0.242', 'm6i.2xlarge': '0.484', 'm6i.4xlarge': '0.968',
    'm5.large': '0.121', 'm5.xlarge': '0.242', 'm5.2xlarge': '0.484', 'm5.4xlarge': '0.968',
    'm4.large': '0.126', 'm4.xlarge': '0.252', 'm4.2xlarge': '0.504', 'm4.4xlarge': '1.008',
    'm7g.medium': '0.0514', 'm7g.large': '0.1028', 'm7g.xlarge': '0.2057', 'm7g.2xlarge': '0.4114',
    'm7g.4xlarge': '0.8227', 'm6g.large': '0.0968', 'm6g.xlarge': '0.1936', 'c7i.large': '0.1071',
    'c7i.xlarge': '0.2142', 'c7i.2xlarge': '0.4284', 'c7i.4xlarge': '0.8568', 'c6i.large': '0.102',
    'c6i.xlarge': '0.204', 'c6i.2xlarge': '0.408', 'c6i.4xlarge': '0.816', 'c5.large': '0.102',
    'c5.xlarge': '0.204', 'c5.2xlarge': '0.408', 'c5.4xlarge': '0.816', 'c7g.medium': '0.0434',
    'c7g.large': '0.0867', 'c7g.xlarge': '0.1734', 'c7g.2xlarge': '0.3468', 'c7g.4xlarge': '0.6936',
    'c6g.large': '0.0816', 'r7i.large': '0.15855', 'r7i.xlarge': '0.3171', 'r7i.2xlarge': '0.6342',
    'r7i.4xlarge': '1.2684', 'r6i.large': '0.151', 'r6i.xlarge': '0.302', 'r6i.2xlarge': '0.604',
    'r6i.4xlarge': '1.208', 'r5.large': '0.151', 'r5.xlarge': '0.302', 'r5.2xlarge': '0.604',
    'r5.4xlarge': '1.208', 'r7g.medium': '0.0642', 'r7g.large': '0.1284', 'r7g.xlarge': '0.2567',
    'r7g.2xlarge': '0.5134', 'r7g.4xlarge': '1.0269', 'r6g.large': '0.1208', 't3.medium': '0.0488',
    't3.large': '0.0976', 't3.xlarge': '0.1952', 't4g.medium': '0.0392', 't4g.large': '0.0784',
    't4g.xlarge': '0.1568', 'g6.xlarge': '1.0144', 'g6.2xlarge': '1.2322', 'g6.4xlarge': '1.66781',
    'g6.12xlarge': '5.80003', 'g4dn.xlarge': '0.663', 'p4d.24xlarge': '26.3511',
  },
};
