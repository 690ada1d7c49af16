/** Human output for the CLI: colour only on a TTY (and never with NO_COLOR). */
export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
  isTTY: boolean;
}

const codes = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1 } as const;
export type Colour = keyof typeof codes;

export class Output {
  readonly colour: boolean;
  constructor(readonly io: Io) {
    this.colour = io.isTTY && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
  }

  paint(colour: Colour, text: string): string {
    return this.colour ? `\u001b[${codes[colour]}m${text}\u001b[0m` : text;
  }

  line(text = ''): void {
    this.io.stdout(`${text}\n`);
  }

  error(text: string): void {
    this.io.stderr(`${this.paint('red', 'error')}: ${text}\n`);
  }

  json(value: unknown): void {
    this.io.stdout(`${JSON.stringify(value, null, 2)}\n`);
  }
}
