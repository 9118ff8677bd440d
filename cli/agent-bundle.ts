// Entry of the agent bundle that the control plane serves at /flotilla/v1/agent.mjs.
// `node agent.mjs agent --server …` reads like `flotilla agent --server …`, so the
// leading word is accepted and dropped; `node agent.mjs --help` works too.
import { runAgent } from './agent.ts';

const args = process.argv.slice(2);
try {
  await runAgent(args[0] === 'agent' ? args.slice(1) : args);
} catch (error) {
  if (process.env.FLOTILLA_DEBUG === '1') console.error(error);
  else console.error(`flotilla agent: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  process.exitCode = 1;
}
