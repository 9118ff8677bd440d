// The two programs the driver needs inside containers, as one-segment static ELFs
// written byte by byte, so that no compiler or registry is needed to make their images.
//
// pause: holds a sandbox's namespaces by blocking forever. It needs no signal
// handling: as PID 1 it ignores signals it has no handler for, and the driver stops
// sandboxes with SIGKILL.
// relay: port-forward's far end where the sandbox's address cannot be reached from
// the agent (an engine inside a VM): see asm/ for its source.

type Arch = 'x64' | 'arm64';

const BASE = 0x400000;
const EHDR = 64;
const PHDR = 56;
const MACHINE: Record<Arch, number> = { x64: 0x3e, arm64: 0xb7 };

function words(ws: number[]): Buffer {
  const b = Buffer.alloc(ws.length * 4);
  ws.forEach((w, i) => b.writeUInt32LE(w, i * 4));
  return b;
}

const PAUSE: Record<Arch, Buffer> = {
  // loop: mov eax, 34 (pause); syscall; jmp loop
  x64: Buffer.from([0xb8, 0x22, 0x00, 0x00, 0x00, 0x0f, 0x05, 0xeb, 0xf7]),
  // loop: x0..x3 = 0; x8 = 73 (ppoll with no fds and no timeout); svc #0; b loop
  arm64: words([0xd2800000, 0xd2800001, 0xd2800002, 0xd2800003, 0xd2800928, 0xd4000001, 0x17fffffa]),
};

const RELAY: Record<Arch, Buffer> = {
  x64: Buffer.from('488b74241031c00fb60e85c9740d83e9306bc00a01c848ffc6ebec66c1c0084881ec0020000066c7042402006689442402c74424047f00000148c744240800000000b829000000bf02000000be0100000031d20f054885c00f88a90000004989c4b82a0000004c89e74889e6ba100000000f054885c00f858b000000c604242bb801000000bf020000004889e6ba010000000f05b8390000000f054885c0740b4d89e541be01000000eb064531ed4d89e64989e731c04c89ef4c89feba002000000f054885c07e224889c24c89fbb8010000004c89f74889de0f054885c07e0a4801c34829c275e6ebca4d85ed750fb8300000004c89e7be010000000f0531ffb8e70000000f05bf01000000b8e70000000f05', 'hex'),
  arm64: Buffer.from('e10b40f9000080d2430180d2221440388200003442c000d10008039bfcffff170004c05aff0b40d142008052e2030079e0070079e20f80520220a072e20700b9ff0700f9400080d2210080d2020080d2c81880d2010000d40007f8b7f30300aae1030091020280d2681980d2010000d4400600b562058052e2030039400080d2e1030091220080d2080880d2010000d4200280d2010080d2020080d2030080d2040080d2881b80d2010000d4800000b4f40313aa350080d203000014140080d2f50313aaf6030091e00314aae10316aa020084d2e80780d2010000d41f0000f1cd010054f70300aaf80316aae00315aae10318aae20317aa080880d2010000d41f0000f1ad0000541803008bf70200cbf7feffb5edffff17b40000b5e00313aa210080d2481a80d2010000d4000080d2c80b80d2010000d4200080d2c80b80d2010000d4', 'hex'),
};

function archOf(arch: string): Arch {
  if (arch !== 'x64' && arch !== 'arm64') throw new Error(`no built-in container programs for ${arch}; set a pause image that is present locally`);
  return arch;
}

function staticElf(arch: Arch, code: Buffer): Buffer {
  const size = EHDR + PHDR + code.length;
  const b = Buffer.alloc(size);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2 /* 64-bit */, 1 /* little endian */, 1 /* version */], 0);
  b.writeUInt16LE(2, 16); // ET_EXEC
  b.writeUInt16LE(MACHINE[arch], 18);
  b.writeUInt32LE(1, 20);
  b.writeBigUInt64LE(BigInt(BASE + EHDR + PHDR), 24); // entry
  b.writeBigUInt64LE(BigInt(EHDR), 32); // program headers follow the ELF header
  b.writeUInt16LE(EHDR, 52);
  b.writeUInt16LE(PHDR, 54);
  b.writeUInt16LE(1, 56);
  // one PT_LOAD, read + execute, mapping the whole file at BASE
  b.writeUInt32LE(1, EHDR);
  b.writeUInt32LE(5, EHDR + 4);
  b.writeBigUInt64LE(0n, EHDR + 8);
  b.writeBigUInt64LE(BigInt(BASE), EHDR + 16);
  b.writeBigUInt64LE(BigInt(BASE), EHDR + 24);
  b.writeBigUInt64LE(BigInt(size), EHDR + 32);
  b.writeBigUInt64LE(BigInt(size), EHDR + 40);
  b.writeBigUInt64LE(0x10000n, EHDR + 48); // 64 KiB covers 4K and 64K page kernels
  code.copy(b, EHDR + PHDR);
  return b;
}

export function pauseElf(arch: string = process.arch): Buffer {
  const a = archOf(arch);
  return staticElf(a, PAUSE[a]);
}

export function relayElf(arch: string = process.arch): Buffer {
  const a = archOf(arch);
  return staticElf(a, RELAY[a]);
}
