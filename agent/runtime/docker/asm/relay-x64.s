# The port-forward relay for x86_64 Linux: connect to 127.0.0.1:argv[1], write "+" to
# stderr once connected, then copy stdin to the socket (a forked child; it half-closes
# the socket at EOF) and the socket to stdout (PID 1; the container ends with it).
# Its bytes are in elf.ts; regenerate with
#   llvm-mc -triple=x86_64 -filetype=obj relay-x64.s -o r.o && llvm-objcopy -O binary --only-section=.text r.o r.bin
.intel_syntax noprefix
.text
_start:
  mov rsi, [rsp+16]
  xor eax, eax
parse:
  movzx ecx, byte ptr [rsi]
  test ecx, ecx
  jz parsed
  sub ecx, 48
  imul eax, eax, 10
  add eax, ecx
  inc rsi
  jmp parse
parsed:
  rol ax, 8
  sub rsp, 8192
  mov word ptr [rsp], 2
  mov word ptr [rsp+2], ax
  mov dword ptr [rsp+4], 0x0100007f
  mov qword ptr [rsp+8], 0
  mov eax, 41
  mov edi, 2
  mov esi, 1
  xor edx, edx
  syscall
  test rax, rax
  js fail
  mov r12, rax
  mov eax, 42
  mov rdi, r12
  mov rsi, rsp
  mov edx, 16
  syscall
  test rax, rax
  jnz fail
  mov byte ptr [rsp], 43
  mov eax, 1
  mov edi, 2
  mov rsi, rsp
  mov edx, 1
  syscall
  mov eax, 57
  syscall
  test rax, rax
  jz child
  mov r13, r12
  mov r14d, 1
  jmp pump
child:
  xor r13d, r13d
  mov r14, r12
pump:
  mov r15, rsp
readloop:
  xor eax, eax
  mov rdi, r13
  mov rsi, r15
  mov edx, 8192
  syscall
  test rax, rax
  jle done
  mov rdx, rax
  mov rbx, r15
writeloop:
  mov eax, 1
  mov rdi, r14
  mov rsi, rbx
  syscall
  test rax, rax
  jle done
  add rbx, rax
  sub rdx, rax
  jnz writeloop
  jmp readloop
done:
  test r13, r13
  jnz exit0
  mov eax, 48
  mov rdi, r12
  mov esi, 1
  syscall
exit0:
  xor edi, edi
  mov eax, 231
  syscall
fail:
  mov edi, 1
  mov eax, 231
  syscall
