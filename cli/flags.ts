// The one way the `flotilla` subcommands read their flags: `--name value` or
// `--name=value`, each handed to the command's own switch.

/** Calls `on` for each argument; `value()` takes the flag's value (inline or the next argument). */
export function eachFlag(args: string[], on: (name: string, value: () => string, arg: string) => void): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    const [name, inline] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    on(name, () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new Error(`${name} needs a value`);
      return v;
    }, arg);
  }
}
