import * as path from 'node:path';
import * as vscode from 'vscode';
import { discoverComposeFiles } from '../../core/config/discoverComposeFiles';
import { normalizeProjectName } from '../../core/config/projectName';
import { stackFileFromCompose, starterStackFile, type ComposeImport } from '../../core/editor/stackFileTemplates';
import { nodeFileSystem } from '../../infra/nodeFileSystem';
import type { StackController } from '../StackController';
import type { Command, CommandDeps } from './Command';

/** A stack file over the compose file when there is one, else a starter; opened either way. */
export const createStackFile: Command = {
  id: 'stackpilot.config.create',
  run: (deps) => create(deps, false),
};

/** The welcome view's "Import docker-compose.yml": a stackpilot.yaml that imports the compose files. */
export const createStackFileFromCompose: Command = {
  id: 'stackpilot.config.createFromCompose',
  run: (deps) => create(deps, true),
};

async function create({ controller }: CommandDeps, fromCompose: boolean): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('open a folder first: the stack file lives at the workspace root');
  const uri = vscode.Uri.joinPath(folder.uri, controller.configPathSetting());
  if (await exists(uri)) {
    void vscode.window.showInformationMessage(`Stackpilot: ${controller.configPathSetting()} already exists.`);
  } else {
    const compose = await composeImport(controller, folder.uri.fsPath);
    if (fromCompose && !compose) throw new Error('no compose.yaml or docker-compose.yml at the workspace root to import');
    const text = compose ? stackFileFromCompose(compose) : starterStackFile(normalizeProjectName(folder.name) || 'my-stack');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  }
  await vscode.window.showTextDocument(uri);
  await controller.reload();
}

/** The compose files the stack was loaded from (compose only), else the ones docker compose would find. */
async function composeImport(controller: StackController, root: string): Promise<ComposeImport | undefined> {
  const { config, configPath } = controller.snapshot;
  const rel = (files: string[]) => files.map((f) => path.relative(root, f).split(path.sep).join('/'));
  if (config && configPath && !config.files.includes(configPath) && config.files.length) {
    return { name: config.name, composeFiles: rel(config.files), services: Object.values(config.services) };
  }
  const found = await discoverComposeFiles(root, nodeFileSystem);
  return found.files.length
    ? { name: normalizeProjectName(path.basename(root)) || 'my-stack', composeFiles: rel(found.files), services: [] }
    : undefined;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
