import * as vscode from 'vscode';
import type { Command } from './Command';

const template = `# Stackpilot stack file: https://github.com/stackpilot/stackpilot#the-stack-file
name: my-stack
defaultProfile: development
profiles:
  development: ["*"]
services:
  web:
    command: npm run dev
    ports: [3000]
    health: { http: "http://127.0.0.1:3000/", interval: 5s }
`;

export const createStackFile: Command = {
  id: 'stackpilot.config.create',
  run: async ({ controller }) => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new Error('open a folder first: the stack file lives at the workspace root');
    const uri = vscode.Uri.joinPath(folder.uri, controller.configPathSetting());
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      await vscode.workspace.fs.writeFile(uri, Buffer.from(template, 'utf8'));
    }
    await vscode.window.showTextDocument(uri);
    await controller.reload();
  },
};
