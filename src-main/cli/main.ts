// `hookscope` on the command line: the headless mode (`serve`) and the export. Flag errors exit 2
// with one line; runtime failures exit 1 with one line.
import { Command, CommanderError, Option } from 'commander';
import type { HeaderPair } from '../contract/model';
import { DEFAULT_POLL_INTERVAL_MS, DEFAULT_RECEIVER_PORT, DEFAULT_UI_PORT } from '../core/defaults';
import { EXPORT_FORMATS, exportEvents, type ExportFormat } from '../core/export/export-events';
import { importHarInto } from '../core/export/import-har';
import { UnknownSessionError } from '../core/sessions/session-files';
import { REPORT_FORMATS, writeReport, type ReportFormat } from '../core/report/write-report';
import { defaultDataDir, requireDataDir } from './data-dir';
import { parseDuration, parseFormat, parseHeader, parseHttpUrl, parseMatchKey, parsePort, parseSessionRef } from './parse-flags';
import { runServe } from './serve';
import { listSessions } from './sessions-command';

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
  matchPush?: string;
  matchPoll?: string;
  timePath?: string;
  pollUpdatedPath?: string;
  config?: string;
  forwardTo?: string;
  session?: string;
}

const SESSION_FLAG = '--session <name|id>';

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
    .addOption(
      new Option('--poll-every <duration>', 'poll interval: 500ms, 5s, 2m, 1h (a bare number is seconds)')
        .argParser(parseDuration)
        .default(DEFAULT_POLL_INTERVAL_MS, `${DEFAULT_POLL_INTERVAL_MS / 1000}s`),
    )
    .option('--poll-header <header>', "header for the poll request, 'Name: value' (repeatable)", parseHeader, [])
    .addOption(new Option('--items-path <path>', 'dot path to the items array').default('', 'the body, data or items'))
    .option('--id-path <path>', 'dot path to each item id', 'id')
    .option('--poll-updated-path <path>', 'dot path to each item\'s last-change time (default: detect changes by content)')
    .option('--config <file>', 'poll sources and signature rules from a JSON file ({"sources": [...], "signing": [...]}, see the README)')
    .option('--forward-to <url>', 'also send every captured webhook to this local URL (like stripe listen --forward-to)', parseHttpUrl)
    .option(SESSION_FLAG, 'open this session (created by that name if none matches; default: the one last open)', parseSessionRef)
    .option('--open', 'open the UI in the default browser', false)
    .option('--match-push <path>', "match key of a webhook: dot path, 'header:Name' or a template like '{type}:{data.id}' (default: id)", parseMatchKey)
    .option('--match-poll <path>', "match key of a polled item: dot path or a template (default: id)", parseMatchKey)
    .option('--time-path <path>', 'dot path to the source time of an event (default: created_at, created, timestamp… auto-detected)')
    .addOption(new Option('--seed <n>', 'seed for the demo (repeatable runs)').argParser(parsePort).hideHelp())
    .action(async (flags: ServeFlags) => {
      await runServe(flags);
    });

  program
    .command('export')
    .description('write every captured event to stdout')
    .option('--data-dir <dir>', 'where settings and captured events live', defaultDataDir())
    .addOption(
      new Option('--format <format>', 'ndjson (one event a line), json (one array) or har (HAR 1.2: pushes as requests)')
        .argParser(parseFormat(EXPORT_FORMATS))
        .default('ndjson'),
    )
    .option(SESSION_FLAG, 'the session to export (default: the one last open)', parseSessionRef)
    .action(async (flags: { dataDir: string; format: ExportFormat; session?: string }) => {
      await requireDataDir(flags.dataDir);
      await exportEvents(flags.dataDir, flags.format, process.stdout, flags.session);
    });

  program
    .command('import')
    .description('add the requests of a HAR file to the captured pushes (while no `serve` uses the data folder)')
    .argument('<file>', 'a HAR 1.2 file, e.g. from `hookscope export --format har` or a browser')
    .option('--data-dir <dir>', 'where settings and captured events live', defaultDataDir())
    .option(SESSION_FLAG, 'import into this session (created by that name if none matches; default: the one last open)', parseSessionRef)
    .action(async (file: string, flags: { dataDir: string; session?: string }) => {
      const { result, session, created } = await importHarInto(flags.dataDir, file, flags.session);
      for (const problem of result.problems) process.stderr.write(`hookscope: ${problem}\n`);
      const into = `${created ? 'new ' : ''}session "${session.name}" (${session.id})`;
      process.stdout.write(`imported ${result.imported} event(s) into ${into}, skipped ${result.skipped}\n`);
    });

  program
    .command('report')
    .description('the measured comparison of push and poll: figures and one record per event')
    .option('--data-dir <dir>', 'where settings and captured events live', defaultDataDir())
    .addOption(
      new Option('--format <format>', 'json (figures + events), csv (events) or html (one self-contained page)')
        .argParser(parseFormat(REPORT_FORMATS))
        .default('json'),
    )
    .option(SESSION_FLAG, 'the session to report on (default: the one last open)', parseSessionRef)
    .action(async (flags: { dataDir: string; format: ReportFormat; session?: string }) => {
      await requireDataDir(flags.dataDir);
      await writeReport(flags.dataDir, flags.format, process.stdout, flags.session);
    });

  program
    .command('sessions')
    .description('list the named sessions: the open one marked, id, name, created, events')
    .option('--data-dir <dir>', 'where settings and captured events live', defaultDataDir())
    .option('--json', 'one JSON object instead of a table', false)
    .action(async (flags: { dataDir: string; json: boolean }) => {
      await requireDataDir(flags.dataDir);
      process.stdout.write(await listSessions(flags.dataDir, flags.json));
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  // `hookscope export | head` closes the pipe early: that is the reader's choice, not a failure.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
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
    // One line, whatever the message quotes (a parser error may echo a line break of the input).
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s*[\r\n]+\s*/g, ' ').trim();
    process.stderr.write(`hookscope: ${message}\n`);
    // Naming a session that does not exist is a mistake in the command line, like a bad flag.
    return error instanceof UnknownSessionError ? 2 : 1;
  }
}

// Run when this file is the entry (bin/hookscope.js imports it and calls main itself).
export default main;
