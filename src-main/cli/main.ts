// `hookscope` on the command line: the headless mode (`serve`) and the export. Flag errors exit 2
// with one line; runtime failures exit 1 with one line.
import { Command, CommanderError, Option } from 'commander';
import type { HeaderPair } from '../contract/model';
import { DEFAULT_POLL_INTERVAL_MS, DEFAULT_RECEIVER_PORT, DEFAULT_UI_PORT } from '../core/defaults';
import { EXPORT_FORMATS, exportEvents, type ExportFormat } from '../core/export/export-events';
import { defaultDataDir } from './data-dir';
import { parseDuration, parseFormat, parseHeader, parseHttpUrl, parsePort } from './parse-flags';
import { runServe } from './serve';

export interface ServeFlags {
  dataDir: string;
  uiPort: number;
  receiverPort: number;
  demo: boolean;
  tunnel: boolean;
  tunnelHost?: string;
  tunnelSubdomain?: string;
  poll?: string;
  pollEvery: number;
  pollHeader: HeaderPair[];
  itemsPath: string;
  idPath: string;
  open: boolean;
  seed?: number;
}

function buildProgram(): Command {
  const program = new Command('hookscope')
    .description('Webhooks or polling? Capture pushed webhooks and poll the same API side by side.')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.trimEnd().split('\n')[0] + '\n') });

  program
    .command('serve')
    .description('run Hookscope without Electron and open its UI in any browser')
    .option('--data-dir <dir>', 'where settings and captured events live', defaultDataDir())
    .option('--ui-port <n>', 'port of the UI (127.0.0.1)', parsePort, DEFAULT_UI_PORT)
    .option('--receiver-port <n>', 'port that receives webhooks (127.0.0.1)', parsePort, DEFAULT_RECEIVER_PORT)
    .option('--no-demo', 'do not start the built-in demo SaaS')
    .option('--tunnel', 'open a public URL (localtunnel) to the receiver', false)
    .option('--tunnel-host <url>', 'localtunnel server (default: the public service)', parseHttpUrl)
    .option('--tunnel-subdomain <name>', 'ask the tunnel server for this subdomain')
    .option('--poll <url>', 'poll this API endpoint', parseHttpUrl)
    .option('--poll-every <duration>', 'poll interval: 500ms, 5s, 2m, 1h', parseDuration, DEFAULT_POLL_INTERVAL_MS)
    .option('--poll-header <header>', "header for the poll request, 'Name: value' (repeatable)", parseHeader, [])
    .option('--items-path <path>', 'dot path to the items array (default: body, data or items)', '')
    .option('--id-path <path>', 'dot path to each item id', 'id')
    .option('--open', 'open the UI in the default browser', false)
    .addOption(new Option('--seed <n>', 'seed for the demo (repeatable runs)').argParser(parsePort).hideHelp())
    .action(async (flags: ServeFlags) => {
      await runServe(flags);
    });

  program
    .command('export')
    .description('write every captured event to stdout')
    .option('--data-dir <dir>', 'where settings and captured events live', defaultDataDir())
    .addOption(
      new Option('--format <format>', 'ndjson (one event a line) or json (one array)')
        .argParser(parseFormat(EXPORT_FORMATS))
        .default('ndjson'),
    )
    .action(async (flags: { dataDir: string; format: ExportFormat }) => {
      await exportEvents(flags.dataDir, flags.format, process.stdout);
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    process.stderr.write(`hookscope: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

// Run when this file is the entry (bin/hookscope.js imports it and calls main itself).
export default main;
