// The smallest program that does what a sandbox's pause container must: hold the
// pod's namespaces by blocking forever. Written as raw machine code in a one-segment
// static ELF so that no compiler or registry is needed to make the image. It needs
// no signal handling: as PID 1 it ignores signals it has no handler for, and the
// driver stops sandboxes with SIGKILL.

const BASE = 0x400000;
const EHDR = 64;
const PHDR = 56;

const CODE: Record<'x64' | 'arm64', { machine: number; code: Buffer }> = {
  // loop: mov eax, 34 (pause); syscall; jmp loop
  x64: { machine: 0x3e, code: Buffer.from([0xb8, 0x22, 0x00, 0x00, 0x00, 0x0f, 0x05, 0xeb, 0xf7]) },
  // loop: x0..x3 = 0; x8 = 73 (ppoll with no fds and no timeout); svc #0; b loop
  arm64: {
    machine: 0xb7,
    code: words([0xd2800000, 0xd2800001, 0xd2800002, 0xd2800003, 0xd2800928, 0xd4000001, 0x17fffffa]),
  },
};

function words(ws: number[]): Buffer {
  const b = Buffer.alloc(ws.length * 4);
  ws.forEach((w, i) => b.writeUInt32LE(w, i * 4));
  return b;
}

export function pauseElf(arch: string = process.arch): Buffer {
  if (arch !== 'x64' && arch !== 'arm64') throw new Error(`no built-in pause program for ${arch}; set a pause image that is present locally`);
  const { machine, code } = CODE[arch];
  const size = EHDR + PHDR + code.length;
  const b = Buffer.alloc(size);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2 /* 64-bit */, 1 /* little endian */, 1 /* version */], 0);
  b.writeUInt16LE(2, 16); // ET_EXEC
  b.writeUInt16LE(machine, 18);
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
