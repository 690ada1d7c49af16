import * as fs from 'node:fs';
import * as path from 'node:path';
import { didYouMean } from '../../core/config/suggest';
import { logFileBase } from '../../core/session/logFileName';
import { parseArgs, stringFlag, UsageError } from '../args';
import { Output, type Io } from '../Output';
import { loadForCli, stackOptions } from '../StackArgs';
import { readRunFile } from '../../infra/state/readRunFile';

/** `stackpilot logs SERVICE [--follow] [--tail N]`: a service's stdout and stderr from its log files. */
export async function runLogs(argv: string[], io: Io, signals: { onInterrupt(fn: () => void): () => void }): Promise<number> {
  const args = parseArgs(argv, { string: [...stackOptions.string, 'tail'], boolean: [...stackOptions.boolean, 'follow'] });
  const out = new Output(io);
  const [service] = args.positionals;
  if (!service) throw new UsageError('logs needs a service: stackpilot logs SERVICE [--follow]');
  const loaded = await loadForCli(args, io, out);
  if (!loaded.config) return 1;
  if (!loaded.config.services[service]) {
    // The stack's content, not the command line, is what is wrong: no usage text after it.
    out.error(`no service named ${service} in ${loaded.config.name}.${didYouMean(service, Object.keys(loaded.config.services))}`);
    return 1;
  }
  const tail = Number(stringFlag(args, 'tail') ?? 200);
  const files = (['out', 'err'] as const).map((s) => ({
    stream: s,
    file: path.join(loaded.runDir, 'logs', `${logFileBase(service)}.${s}.log`),
    offset: 0,
  }));
  if (!files.some((f) => fs.existsSync(f.file))) {
    out.line(out.paint('gray', `no logs for ${service} yet: it has not been started by stackpilot here`));
    if (!args.flags.has('follow')) return 0;
  }
  const emit = (f: (typeof files)[number], text: string) => {
    for (const l of text.split('\n')) if (l) out.line(f.stream === 'err' ? out.paint('yellow', l) : l);
  };
  for (const f of files) {
    // The repository can ship `.stackpilot/logs/`: never read through a link, a FIFO or a device, and only the last 4 MB.
    const text = readRunFile(f.file, {
      maxBytes: 4 * 1024 * 1024,
      tail: true,
      refused: (why) => out.line(out.paint('yellow', `${f.file} not read: it ${why}`)),
    });
    if (text === undefined) continue;
    f.offset = fs.lstatSync(f.file, { throwIfNoEntry: false })?.size ?? 0;
    emit(
      f,
      text
        .split('\n')
        .slice(-tail - 1)
        .join('\n'),
    );
  }
  if (!args.flags.has('follow')) return 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      for (const f of files) {
        let size = 0;
        try {
          const st = fs.lstatSync(f.file);
          if (!st.isFile()) continue;
          size = st.size;
        } catch {
          continue;
        }
        if (size < f.offset) f.offset = 0; // truncated by a fresh start
        if (size === f.offset) continue;
        let fd: number;
        try {
          fd = fs.openSync(f.file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
        } catch {
          continue;
        }
        const buf = Buffer.alloc(Math.min(size - f.offset, 4 * 1024 * 1024));
        try {
          if (!fs.fstatSync(fd).isFile()) continue;
          fs.readSync(fd, buf, 0, buf.length, f.offset);
        } finally {
          fs.closeSync(fd);
        }
        // Only whole lines; but 4 MB without a newline is shown as it is, or the follow would stop there for good.
        const cut = buf.lastIndexOf(0x0a) + 1 || (buf.length === 4 * 1024 * 1024 ? buf.length : 0);
        f.offset += cut;
        emit(f, buf.subarray(0, cut).toString('utf8'));
      }
    }, 200);
    const unhook = signals.onInterrupt(() => {
      clearInterval(timer);
      unhook();
      resolve();
    });
  });
  return 0;
}
