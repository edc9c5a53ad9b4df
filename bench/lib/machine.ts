import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineInfo { cpu: string; cores: number; node: string; v8: string; platform: string; loadAverage: number[] }

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch {
    // Not Linux: os.cpus() still names the processor.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

export function machineInfo(): MachineInfo {
  return {
    cpu: cpuModel(),
    cores: os.cpus().length,
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()}`,
    // Recorded because other jobs on a shared machine skew absolute times (ratios much less).
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
