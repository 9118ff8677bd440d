// Upstream's $(VAR) expansion (third_party/forked/golang/expansion): `$$` is a
// literal `$`, `$(NAME)` is NAME's value when NAME is known and stays as written
// when not, and any other `$` is kept.

export type Lookup = (name: string) => string | undefined;

export function expand(input: string, lookup: Lookup): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (c !== '$' || i + 1 >= input.length) {
      out += c;
      i++;
      continue;
    }
    const next = input[i + 1]!;
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) {
        // An unterminated reference is kept verbatim, as upstream does.
        out += input.slice(i);
        break;
      }
      const name = input.slice(i + 2, close);
      out += lookup(name) ?? `$(${name})`;
      i = close + 1;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
