import * as vscode from 'vscode';

/** Owns every extension-lifetime resource. Stack-run resources live in the engine it drives. */
export class StackpilotExtension implements vscode.Disposable {
  readonly output: vscode.LogOutputChannel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly statusBar: vscode.StatusBarItem;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('Stackpilot', { log: true });
    this.statusBar = vscode.window.createStatusBarItem('stackpilot.status', vscode.StatusBarAlignment.Left, 10);
    this.statusBar.name = 'Stackpilot';
    this.disposables.push(this.output, this.statusBar);
  }

  async start(): Promise<void> {
    this.statusBar.text = '$(server) Stackpilot';
    this.statusBar.show();
    this.output.info(`Stackpilot ${this.context.extension.packageJSON.version} activated`);
  }

  api() {
    return { version: this.context.extension.packageJSON.version as string };
  }

  async shutdown(): Promise<void> {
    // Stack teardown is wired in with the engine.
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
