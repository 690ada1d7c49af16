import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRunFile } from '../../infra/state/readRunFile';
import * as vscode from 'vscode';
import type { LogLine } from '../../core/ports';
import type { StackController } from '../StackController';
import { formatLogLine } from '../../core/status/formatLogLine';
import { logFileBase } from '../../core/session/logFileName';

const BACKFILL_LINES = 500;

/**
 * One output channel per service ("Stackpilot: api"), in the stackpilot-log language so the
 * grammar colours timestamps, levels, streams and URLs. Created when a service first logs or is
 * asked for; a service started by an earlier window is backfilled from its log files.
 */
export class ServiceLogChannels implements vscode.Disposable {
  private readonly channels = new Map<string, vscode.OutputChannel>();
  private readonly sub: vscode.Disposable;

  constructor(private readonly controller: StackController) {
    this.sub = controller.onDidLog((line) => this.channel(line.service).appendLine(formatLogLine(line)));
  }

  show(service: string): void {
    const fresh = !this.channels.has(service);
    const ch = this.channel(service);
    if (fresh) for (const line of this.backfill(service)) ch.appendLine(formatLogLine(line));
    ch.show(true);
  }

  private channel(service: string): vscode.OutputChannel {
    let ch = this.channels.get(service);
    if (!ch) {
      ch = vscode.window.createOutputChannel(`Stackpilot: ${service}`, 'stackpilot-log');
      this.channels.set(service, ch);
    }
    return ch;
  }

  /** What this window holds in memory, else the tail of the files an earlier run wrote. */
  private backfill(service: string): LogLine[] {
    const inMemory = this.controller.recentLogs(service);
    if (inMemory.length) return inMemory;
    const config = this.controller.snapshot.config;
    if (!config) return [];
    const lines: LogLine[] = [];
    for (const [stream, suffix] of [
      ['stdout', 'out'],
      ['stderr', 'err'],
    ] as const) {
      const file = path.join(config.root, '.stackpilot', 'logs', `${logFileBase(service)}.${suffix}.log`);
      let text: string | undefined;
      let at: number;
      try {
        // The last 256 KB only; never through a link (the repository may ship `.stackpilot/logs/api.out.log -> ~/.ssh/id_rsa`), a FIFO or a device.
        text = readRunFile(file, { maxBytes: 256 * 1024, tail: true });
        at = fs.lstatSync(file).mtimeMs;
      } catch {
        continue;
      }
      if (text === undefined) continue;
      for (const t of text.split('\n').filter(Boolean).slice(-BACKFILL_LINES)) lines.push({ service, stream, text: t, at });
    }
    return lines;
  }

  dispose(): void {
    this.sub.dispose();
    for (const ch of this.channels.values()) ch.dispose();
  }
}
