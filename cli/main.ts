// Subcommand dispatch and the one rule for errors: a single clear line, with
// the stack only when FLOTILLA_DEBUG=1.
const USAGE = `Usage: flotilla <command> [options]

Commands:
  serve     Run the control plane headless, with the web dashboard
            --data-dir DIR       where the cluster lives (default ~/.flotilla)
            --listen HOST:PORT   address to serve HTTPS on (default 127.0.0.1:6443)
            --no-agent           do not run this machine as a node
  token     Bootstrap tokens for joining machines, with the command to paste
            create [--ttl 24h] [--description TEXT]   a token and its join command
            list                                      the tokens and when they expire
            delete ID                                 revoke a token
            --data-dir DIR       the running control plane's data dir (default ~/.flotilla)
  agent     Join this machine to a cluster as a node and run its pods
            --server URL         the control plane, as \`flotilla token create\` prints it
            --token TOKEN        bootstrap token (first join only)
            --ca-cert-hash HASH  sha256:HEX of the cluster's CA (first join only)
            --name NAME          the node's name (default: this host's name)
            --runtime KIND       docker | process | fake (default docker when its engine
                                 answers, else process)
            --data-dir DIR       the node's credential and state (default ~/.flotilla-agent)
            --static-pods DIR    pod manifests to run without the API server
  desktop   Open the desktop app (what \`npm start\` runs); takes the same options
            as serve, and runs serve instead when Electron cannot be installed

Options:
  -h, --help  Show this help
`;

function report(error: unknown): void {
  if (process.env.FLOTILLA_DEBUG === '1') {
    console.error(error);
    return;
  }
  const text = error instanceof Error ? error.message : String(error);
  console.error(`flotilla: ${text.split('\n')[0]}`);
}

function fail(error: unknown): void {
  report(error);
  process.exitCode = 1;
}

export async function main(argv: string[]): Promise<void> {
  // Servers keep running after main() returns; their late failures get the same treatment.
  process.on('uncaughtException', (error) => {
    report(error);
    process.exit(1);
  });
  process.on('unhandledRejection', (error) => {
    report(error);
    process.exit(1);
  });

  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'serve': {
        const { runServe } = await import('./serve.ts');
        await runServe(args);
        return;
      }
      case 'token': {
        const { runToken } = await import('./token.ts');
        await runToken(args);
        return;
      }
      case 'agent': {
        const { runAgent } = await import('./agent.ts');
        await runAgent(args);
        return;
      }
      case 'desktop': {
        const { runDesktop } = await import('./desktop.ts');
        await runDesktop(args);
        return;
      }
      case undefined:
      case 'help':
      case '-h':
      case '--help':
        process.stdout.write(USAGE);
        return;
      default:
        console.error(`flotilla: unknown command "${command}"; run \`flotilla --help\` for the list`);
        process.exitCode = 2;
    }
  } catch (error) {
    fail(error);
  }
}
