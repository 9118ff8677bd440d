// What the Node says about the machine, read once at start: labels, nodeInfo's fixed
// fields, and the names Go (and so every Kubernetes tool) uses for OS and architecture.
import { promises as fs } from 'node:fs';
import os from 'node:os';

/** The kubelet version this agent speaks for (kubectl get nodes' VERSION column). */
export const KUBELET_VERSION = 'v1.32.0-flotilla';

const GOARCH: Partial<Record<NodeJS.Architecture, string>> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64', mips: 'mips', mipsel: 'mipsle' };
const GOOS: Partial<Record<NodeJS.Platform, string>> = { linux: 'linux', darwin: 'darwin', win32: 'windows', freebsd: 'freebsd', openbsd: 'openbsd', sunos: 'solaris', aix: 'aix' };

export const goArch = (): string => GOARCH[process.arch] ?? process.arch;
export const goOs = (): string => GOOS[process.platform] ?? process.platform;

export interface SystemInfo {
  osImage: string;
  kernelVersion: string;
  operatingSystem: string;
  architecture: string;
  machineID: string;
  systemUUID: string;
  bootID: string;
}

async function readTrimmed(file: string): Promise<string | undefined> {
  try {
    return (await fs.readFile(file, 'utf8')).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** PRETTY_NAME of /etc/os-release, as the kubelet reports it ("Debian GNU/Linux 12 (bookworm)"). */
async function osImage(): Promise<string> {
  const release = await readTrimmed('/etc/os-release');
  const pretty = release && /^PRETTY_NAME=(.*)$/m.exec(release)?.[1];
  if (pretty) return pretty.replace(/^(["'])(.*)\1$/, '$2');
  const si = (await import('systeminformation')).default;
  const info = await si.osInfo();
  return [info.distro, info.release].filter(Boolean).join(' ') || os.type();
}

async function hardwareUuid(): Promise<string | undefined> {
  const si = (await import('systeminformation')).default;
  return (await si.uuid().catch(() => undefined))?.hardware || undefined;
}

export async function readSystemInfo(machineId: string): Promise<SystemInfo> {
  const [image, productUuid, bootId] = await Promise.all([
    osImage(),
    readTrimmed('/sys/class/dmi/id/product_uuid'),
    readTrimmed('/proc/sys/kernel/random/boot_id'),
  ]);
  // product_uuid is root-only on most distributions, where the machine id is the next best; systeminformation knows the other platforms' places.
  const systemUUID = productUuid ?? (process.platform === 'linux' ? machineId : await hardwareUuid()) ?? machineId;
  return {
    osImage: image,
    kernelVersion: os.release(),
    operatingSystem: goOs(),
    architecture: goArch(),
    machineID: machineId,
    systemUUID,
    // Off Linux there is no boot id; the boot time is as unique per boot.
    bootID: bootId ?? String(Math.round(Date.now() / 1000 - os.uptime())),
  };
}

/** The labels the kubelet puts on its own Node (beta ones included, as upstream still does). */
export function nodeLabels(nodeName: string): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': goArch(),
    'beta.kubernetes.io/os': goOs(),
    'kubernetes.io/arch': goArch(),
    'kubernetes.io/hostname': nodeName,
    'kubernetes.io/os': goOs(),
  };
}
