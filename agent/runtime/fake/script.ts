// What a fake container or exec "does", read from its command line. The fake runs
// no programs: a few shell-like words are understood so tests and hollow nodes can
// script lifecycles, and everything else behaves like a long-running server.
//
//   exit N            ends with code N (no N: 0)
//   sleep S           waits S seconds (s/m/h suffixes; `infinity` never ends)
//   echo TEXT…        writes TEXT as one line to stdout (`>&2` at the end: stderr)
//   trap-term [CMD…]  SIGTERM is ignored (stop only kills after its timeout), then CMD
//                     runs (no CMD: runs until killed)
//   true              does nothing
//   false             ends with code 1
//   cat               (no arguments) copies stdin to stdout, line by line
//   sh | bash         (no -c) reads commands from stdin, one line at a time
//   sh -c 'A; B && C' runs the words of the script in turn (`;`, `&&`, newlines)
//   anything else     runs until stopped (as a container) or succeeds (as an exec)
//
// A script that runs out of steps ends with code 0.

export type Step =
  | { kind: 'echo'; text: string; stream: 'stdout' | 'stderr' }
  | { kind: 'sleep'; ms: number }
  | { kind: 'exit'; code: number }
  | { kind: 'trap-term' }
  /** Reads stdin: `cat` echoes each line, `sh` runs each line as a script. */
  | { kind: 'interactive'; mode: 'cat' | 'sh' }
  /** An unknown program: a container runs it until stopped, an exec succeeds at once. */
  | { kind: 'unknown'; argv: string[] };

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** The steps of a command line (Kubernetes command + args, or an exec's command). */
export function parseCommand(argv: string[]): Step[] {
  if (argv.length === 0) return [{ kind: 'unknown', argv }];
  const program = basename(argv[0]);
  if (SHELLS.has(program)) {
    const c = argv.indexOf('-c');
    if (c >= 1 && c + 1 < argv.length) return parseScript(argv[c + 1]);
    return [{ kind: 'interactive', mode: 'sh' }];
  }
  return parseWords(argv);
}

/** The steps of a shell script: words separated by `;`, `&&`, `||` or newlines. */
export function parseScript(script: string): Step[] {
  return splitStatements(script).flatMap(parseWords);
}

function parseWords(words: string[]): Step[] {
  return [parseStatement(words)].flat();
}

function parseStatement(words: string[]): Step | Step[] {
  const [program, ...rest] = words;
  switch (basename(program ?? '')) {
    case 'exit':
      return { kind: 'exit', code: rest.length ? toExitCode(rest[0]) : 0 };
    case 'true':
      return [];
    case 'false':
      return { kind: 'exit', code: 1 };
    case 'sleep':
      return { kind: 'sleep', ms: durationMs(rest[0] ?? '0') };
    case 'trap-term':
      return [{ kind: 'trap-term' }, ...(rest.length ? parseWords(rest) : [{ kind: 'unknown' as const, argv: [] }])];
    case 'echo': {
      const toStderr = rest.length > 0 && (rest[rest.length - 1] === '>&2' || rest[rest.length - 1] === '1>&2');
      const text = (toStderr ? rest.slice(0, -1) : rest).filter((w, i) => !(i === 0 && w === '-n')).join(' ');
      return { kind: 'echo', text, stream: toStderr ? 'stderr' : 'stdout' };
    }
    case 'cat':
      return rest.length === 0 ? { kind: 'interactive', mode: 'cat' } : { kind: 'unknown', argv: words };
    default:
      if (SHELLS.has(basename(program ?? ''))) return parseCommand(words);
      return { kind: 'unknown', argv: words };
  }
}

function toExitCode(word: string): number {
  const n = Number.parseInt(word, 10);
  // A shell truncates exit statuses to one byte.
  return Number.isNaN(n) ? 2 : ((n % 256) + 256) % 256;
}

function durationMs(word: string): number {
  if (word === 'infinity' || word === 'inf') return Infinity;
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(word);
  if (!m) return 0;
  const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]] ?? 1000;
  return Number(m[1]) * unit;
}

/** Splits a script into statements of words, honouring single and double quotes. */
function splitStatements(script: string): string[][] {
  const statements: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endStatement = () => {
    endWord();
    if (words.length) statements.push(words);
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < script.length) word += script[++i];
      else word += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < script.length) {
      word += script[++i];
      inWord = true;
    } else if (ch === ';' || ch === '\n') {
      endStatement();
    } else if ((ch === '&' || ch === '|') && script[i + 1] === ch) {
      endStatement();
      i++;
    } else if (ch === ' ' || ch === '\t') {
      endWord();
    } else {
      word += ch;
      inWord = true;
    }
  }
  endStatement();
  return statements;
}
