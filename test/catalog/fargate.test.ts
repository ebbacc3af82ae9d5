import { describe, expect, it } from 'vitest';
import {
  CatalogError,
  FARGATE_REGIONS,
  FARGATE_SIZES,
  fargateMinLinuxPlatformVersion,
  fargateRateCard,
  isValidFargateSize,
  nearestFargateSizes,
  requireEphemeralStorageRate,
  smallestFargateSizeAtLeast,
} from '../../src/catalog/index.js';
import { thrown } from '../support/thrown.js';

// Expected values are typed in from /work/shared/aws-facts.md, not read from the catalog.

describe('Fargate task sizes (aws-facts §1.6)', () => {
  it('has 74 combinations, 3+4+7+13+23+12+12 per CPU row', () => {
    expect(FARGATE_SIZES).toHaveLength(74);
    const perCpu = [256, 512, 1024, 2048, 4096, 8192, 16384].map(
      (cpu) => FARGATE_SIZES.filter((s) => s.cpuUnits === cpu).length,
    );
    expect(perCpu).toEqual([3, 4, 7, 13, 23, 12, 12]);
  });

  it('lists the documented memory values for the small and large rows', () => {
    const mem = (cpu: number) => FARGATE_SIZES.filter((s) => s.cpuUnits === cpu).map((s) => s.memoryMiB);
    expect(mem(256)).toEqual([512, 1024, 2048]);
    expect(mem(512)).toEqual([1024, 2048, 3072, 4096]);
    expect(mem(4096)[0]).toBe(8 * 1024);
    expect(mem(4096).at(-1)).toBe(30 * 1024);
    // 8 vCPU: 16–60 GB in 4 GB steps; 16 vCPU: 32–120 GB in 8 GB steps.
    expect(mem(8192)).toEqual([16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60].map((g) => g * 1024));
    expect(mem(16384)).toEqual([32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120].map((g) => g * 1024));
  });

  it('is sorted by CPU then memory, without duplicates', () => {
    for (let i = 1; i < FARGATE_SIZES.length; i++) {
      const a = FARGATE_SIZES[i - 1];
      const b = FARGATE_SIZES[i];
      expect(a.cpuUnits < b.cpuUnits || (a.cpuUnits === b.cpuUnits && a.memoryMiB < b.memoryMiB)).toBe(true);
    }
  });

  it('validates sizes, with the Windows 1 vCPU minimum', () => {
    expect(isValidFargateSize(256, 512)).toBe(true);
    expect(isValidFargateSize(256, 3072)).toBe(false); // 0.25 vCPU + 3 GB
    expect(isValidFargateSize(4096, 31 * 1024)).toBe(false);
    expect(isValidFargateSize(8192, 18 * 1024)).toBe(false); // not on the 4 GB grid
    expect(isValidFargateSize(32768, 61440)).toBe(false); // 32 vCPU unconfirmed, left out
    expect(isValidFargateSize(512, 1024, 'windows')).toBe(false); // 0.5 vCPU on Windows
    expect(isValidFargateSize(512, 1024, 'linux')).toBe(true);
    expect(isValidFargateSize(1024, 2048, 'windows')).toBe(true);
  });

  it('flags the platform version needed by 8 and 16 vCPU', () => {
    expect(fargateMinLinuxPlatformVersion(8192)).toBe('1.4.0');
    expect(fargateMinLinuxPlatformVersion(16384)).toBe('1.4.0');
    expect(fargateMinLinuxPlatformVersion(4096)).toBeUndefined();
  });

  it('suggests covering sizes nearest in relative terms for 0.25 vCPU + 3 GB', () => {
    // Covering sizes: 512/3072 (rel. distance 1), 512/4096 (√(1+1/9) ≈ 1.05), 1024/3072 (3).
    expect(nearestFargateSizes(256, 3072)).toEqual([
      { cpuUnits: 512, memoryMiB: 3072 },
      { cpuUnits: 512, memoryMiB: 4096 },
      { cpuUnits: 1024, memoryMiB: 3072 },
    ]);
    expect(nearestFargateSizes(256, 3072, 1)).toEqual([{ cpuUnits: 512, memoryMiB: 3072 }]);
  });

  it('returns the exact size first when the request is valid, and falls back beyond 16 vCPU', () => {
    expect(nearestFargateSizes(1024, 4096)[0]).toEqual({ cpuUnits: 1024, memoryMiB: 4096 });
    // Nothing covers 32 vCPU: the nearest is the largest row.
    expect(nearestFargateSizes(32768, 65536)[0].cpuUnits).toBe(16384);
    expect(() => nearestFargateSizes(0, 512)).toThrow(CatalogError);
  });

  it('rounds an EKS pod up to the next combination (AWS example: 1 vCPU + 8 GB + 256 MB → 2 vCPU / 9 GB)', () => {
    expect(smallestFargateSizeAtLeast(1024, 8192 + 256)).toEqual({ cpuUnits: 2048, memoryMiB: 9216 });
    expect(smallestFargateSizeAtLeast(0, 0)).toEqual({ cpuUnits: 256, memoryMiB: 512 });
    expect(smallestFargateSizeAtLeast(300, 600)).toEqual({ cpuUnits: 512, memoryMiB: 1024 });
    expect(smallestFargateSizeAtLeast(16384, 122880)).toEqual({ cpuUnits: 16384, memoryMiB: 122880 });
    expect(smallestFargateSizeAtLeast(16385, 1024)).toBeUndefined();
    expect(smallestFargateSizeAtLeast(1024, 122881)).toBeUndefined();
  });
});

describe('Fargate rate cards (aws-facts §1.1–1.5)', () => {
  it('covers at least us-east-1, eu-west-1, sa-east-1 and ap-northeast-1', () => {
    for (const r of ['us-east-1', 'eu-west-1', 'sa-east-1', 'ap-northeast-1']) expect(FARGATE_REGIONS).toContain(r);
  });

  it('us-east-1 uses the per-second rates of AWS examples', () => {
    const c = fargateRateCard('us-east-1');
    expect(c.linuxX86.vcpu).toEqual({ usd: '0.000011244', per: 'second' });
    expect(c.linuxX86.memoryGb).toEqual({ usd: '0.000001235', per: 'second' });
    expect(c.linuxArm?.vcpu).toEqual({ usd: '0.0000089944', per: 'second' });
    expect(c.linuxArm?.memoryGb).toEqual({ usd: '0.0000009889', per: 'second' });
    expect(c.windowsX86?.vcpu).toEqual({ usd: '0.0000254167', per: 'second' });
    expect(c.windowsX86?.osLicenseVcpu).toEqual({ usd: '0.0000127778', per: 'second' });
    expect(c.windowsX86?.memoryGb).toEqual({ usd: '0.0000027778', per: 'second' });
    expect(c.ephemeralStorageGbAbove20).toEqual({ usd: '0.0000000308', per: 'second' });
    expect(c.linuxMinimumBilledSeconds).toBe(60);
    expect(c.windowsMinimumBilledSeconds).toBe(300);
    expect(c.freeEphemeralStorageGb).toBe(20);
    // Spot priced by the 30% rule; the note says why.
    expect(c.spotLinuxX86).toBeUndefined();
    expect(c.spotFractionOfOnDemand).toBe(0.3);
    expect(c.note).toMatch(/30%/);
  });

  it('other regions carry the hourly rates as published, and only the dimensions a source gives', () => {
    const eu = fargateRateCard('eu-west-1');
    expect(eu.linuxX86.vcpu).toEqual({ usd: '0.04048', per: 'hour' });
    expect(eu.linuxX86.memoryGb).toEqual({ usd: '0.004445', per: 'hour' });
    expect(eu.spotLinuxX86?.vcpu.usd).toBe('0.01334053');
    expect(eu.spotLinuxX86?.memoryGb.usd).toBe('0.00146489');
    expect(eu.linuxArm).toBeUndefined();
    expect(eu.windowsX86).toBeUndefined();

    const sa = fargateRateCard('sa-east-1');
    expect(sa.linuxX86.vcpu.usd).toBe('0.0696');
    expect(sa.linuxX86.memoryGb.usd).toBe('0.0076');
    expect(sa.linuxArm?.vcpu.usd).toBe('0.0557');
    expect(sa.linuxArm?.memoryGb.usd).toBe('0.00612');
    expect(sa.spotLinuxX86?.vcpu.usd).toBe('0.02337032');
    expect(sa.spotLinuxX86?.memoryGb.usd).toBe('0.00255193');
    expect(sa.spotLinuxArm?.vcpu.usd).toBe('0.01870297');
    expect(sa.spotLinuxArm?.memoryGb.usd).toBe('0.00205498');

    const tokyo = fargateRateCard('ap-northeast-1');
    expect(tokyo.linuxX86.vcpu).toEqual({ usd: '0.05056', per: 'hour' });
    expect(tokyo.linuxX86.memoryGb).toEqual({ usd: '0.005536', per: 'hour' });
    expect(tokyo.ephemeralStorageGbAbove20).toEqual({ usd: '0.00014', per: 'hour' });
    expect(tokyo.linuxArm).toBeUndefined();
    expect(tokyo.spotLinuxX86).toBeUndefined();
  });

  it('every rate is a plain decimal string', () => {
    for (const region of FARGATE_REGIONS) {
      const c = fargateRateCard(region);
      const dims = [c.linuxX86, c.linuxArm, c.windowsX86, c.spotLinuxX86, c.spotLinuxArm].filter((d) => d !== undefined);
      const rates = dims.flatMap((d) => [d.vcpu, d.memoryGb, d.osLicenseVcpu]);
      for (const r of [...rates, c.ephemeralStorageGbAbove20]) {
        if (r !== undefined) expect(r.usd).toMatch(/^\d+\.\d+$/);
      }
    }
  });

  it('unknown region errors list the known regions', () => {
    const err = thrown(() => fargateRateCard('eu-west-9'));
    expect(err).toBeInstanceOf(CatalogError);
    const ce = err as CatalogError;
    for (const r of ['us-east-1', 'eu-west-1', 'sa-east-1', 'ap-northeast-1']) {
      expect(ce.message).toContain(r);
      expect(ce.allowed).toContain(r);
    }
    expect(ce.message).toContain('Did you mean "eu-west-1"');
  });

  it('asks for a rates override when a region has no ephemeral-storage rate', () => {
    expect(requireEphemeralStorageRate(fargateRateCard('us-east-1')).usd).toBe('0.0000000308');
    expect(() => requireEphemeralStorageRate(fargateRateCard('eu-west-1'))).toThrow(/rates/);
  });
});
