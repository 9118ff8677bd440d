// The port-forward relay for aarch64 Linux: the same program as relay-x64.s (clone
// stands in for fork, which arm64 lacks). Its bytes are in elf.ts; regenerate with
//   llvm-mc -triple=aarch64 -filetype=obj relay-arm64.s -o r.o && llvm-objcopy -O binary --only-section=.text r.o r.bin
.text
_start:
  ldr x1, [sp, #16]
  mov x0, #0
  mov x3, #10
parse:
  ldrb w2, [x1], #1
  cbz w2, parsed
  sub x2, x2, #48
  madd x0, x0, x3, x2
  b parse
parsed:
  rev16 w0, w0
  sub sp, sp, #8192
  mov w2, #2
  strh w2, [sp]
  strh w0, [sp, #2]
  movz w2, #0x007f
  movk w2, #0x0100, lsl #16
  str w2, [sp, #4]
  str xzr, [sp, #8]
  mov x0, #2
  mov x1, #1
  mov x2, #0
  mov x8, #198
  svc #0
  tbnz x0, #63, fail
  mov x19, x0
  mov x1, sp
  mov x2, #16
  mov x8, #203
  svc #0
  cbnz x0, fail
  mov w2, #43
  strb w2, [sp]
  mov x0, #2
  mov x1, sp
  mov x2, #1
  mov x8, #64
  svc #0
  mov x0, #17
  mov x1, #0
  mov x2, #0
  mov x3, #0
  mov x4, #0
  mov x8, #220
  svc #0
  cbz x0, child
  mov x20, x19
  mov x21, #1
  b pump
child:
  mov x20, #0
  mov x21, x19
pump:
  mov x22, sp
readloop:
  mov x0, x20
  mov x1, x22
  mov x2, #8192
  mov x8, #63
  svc #0
  cmp x0, #0
  b.le done
  mov x23, x0
  mov x24, x22
writeloop:
  mov x0, x21
  mov x1, x24
  mov x2, x23
  mov x8, #64
  svc #0
  cmp x0, #0
  b.le done
  add x24, x24, x0
  sub x23, x23, x0
  cbnz x23, writeloop
  b readloop
done:
  cbnz x20, exit0
  mov x0, x19
  mov x1, #1
  mov x8, #210
  svc #0
exit0:
  mov x0, #0
  mov x8, #94
  svc #0
fail:
  mov x0, #1
  mov x8, #94
  svc #0
