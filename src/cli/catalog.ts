import {
  EC2_PRICE_REGIONS,
  EC2_REGION_PRICES_SOURCE,
  EC2_WINDOWS_BURSTABLE_SOURCE,
  EC2_WINDOWS_LICENSE_SOURCE,
  EC2_WINDOWS_LICENSE_USD_PER_VCPU_HOUR,
  FARGATE_SIZES,
  INSTANCE_TYPES,
  fargateRateCard,
  instanceTypePrice,
  type Rate,
} from '../catalog/index.js';

function rate(r: Rate | undefined): string {
  return r ? `$${r.usd}/${r.per === 'hour' ? 'h' : 's'}` : '—';
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

export function catalogCommand(which: 'fargate' | 'ec2' | 'sizes', region: string): void {
  let out: string;
  if (which === 'fargate') {
    const card = fargateRateCard(region);
    const rows = [['rates', 'vCPU', 'memory (GB)', 'OS licence (vCPU)']];
    for (const key of ['linuxX86', 'linuxArm', 'windowsX86', 'spotLinuxX86', 'spotLinuxArm'] as const) {
      const d = card[key];
      rows.push([key, rate(d?.vcpu), rate(d?.memoryGb), rate(d?.osLicenseVcpu)]);
    }
    rows.push(['ephemeral > 20 GB', rate(card.ephemeralStorageGbAbove20), '', '']);
    out = `Fargate rates, ${card.region}\n${table(rows)}\nSpot without a table: ${Number((card.spotFractionOfOnDemand * 100).toPrecision(12))}% of on-demand\nsource: ${card.source} (as of ${card.asOf})${card.note ? `\nnote: ${card.note}` : ''}`;
  } else if (which === 'ec2') {
    const rows = [['type', 'category', 'arch', 'vCPU', 'GiB', 'ENIs', 'IPv4/ENI', 'awsvpc tasks', 'trunking', 'EKS pods', '$/h', 'Windows $/h', 'GPUs']];
    const priceOr = (name: string, os: 'linux' | 'windows') => {
      try {
        return instanceTypePrice(name, region, os);
      } catch {
        return '—'; // no price for this region (or no Windows on arm64): shown as a dash
      }
    };
    for (const t of INSTANCE_TYPES) {
      rows.push([
        t.name,
        t.category,
        t.arch,
        String(t.vcpu),
        String(t.memoryGiB),
        String(t.maxEnis),
        String(t.ipv4PerEni),
        String(t.maxEnis - 1),
        t.trunkingTaskLimit === null ? '—' : String(t.trunkingTaskLimit),
        String(t.eksMaxPods),
        priceOr(t.name, 'linux'),
        priceOr(t.name, 'windows'),
        String(t.gpus),
      ]);
    }
    const sources = [...new Set(INSTANCE_TYPES.map((t) => `${t.source} (as of ${t.asOf})`))];
    out =
      `EC2 instance types (prices: ${region} on-demand; Windows = Linux + $${EC2_WINDOWS_LICENSE_USD_PER_VCPU_HOUR} per vCPU-hour; t2/t3/t3a per baseline vCPU, credits/h ÷ 60)\n${table(rows)}\n` +
      `regions with EC2 prices: ${EC2_PRICE_REGIONS.join(', ')}\nsources:\n  ${sources.join('\n  ')}\n  other regions: ${EC2_REGION_PRICES_SOURCE.source} (as of ${EC2_REGION_PRICES_SOURCE.asOf})\n  Windows licence: ${EC2_WINDOWS_LICENSE_SOURCE.source}\n  Windows licence on burstable types: ${EC2_WINDOWS_BURSTABLE_SOURCE.source}`;
  } else {
    const rows = [['vCPU', 'memory (GB)']];
    const byCpu = new Map<number, number[]>();
    for (const s of FARGATE_SIZES) byCpu.set(s.cpuUnits, [...(byCpu.get(s.cpuUnits) ?? []), s.memoryMiB]);
    for (const [cpu, mems] of byCpu) rows.push([String(cpu / 1024), mems.map((m) => String(m / 1024)).join(', ')]);
    out = `Valid Fargate task sizes (${FARGATE_SIZES.length})\n${table(rows)}`;
  }
  process.stdout.write(`${out}\n`);
}
