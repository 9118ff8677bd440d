#!/usr/bin/env node
// The `flotilla` command. The CLI is TypeScript run through tsx, so a checkout
// works without a compile step.
import { register } from 'tsx/esm/api';

register();

try {
  const { main } = await import('./main.ts');
  await main(process.argv.slice(2));
} catch (error) {
  // main() reports its own failures; this catches only a CLI that cannot load.
  if (process.env.FLOTILLA_DEBUG === '1') console.error(error);
  else console.error(`flotilla: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
