import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { memoryFs } from './memoryFs';

export const CORPUS = join(__dirname, '../../fixtures/compose-corpus');

export interface CorpusCase {
  id: string;
  /** `files` (accepted by docker-compose v1) or `rejected`. */
  group: 'files' | 'rejected';
  /** Folder of the stack in the in-memory file system. */
  root: string;
  fs: ReturnType<typeof memoryFs>;
}

/**
 * One corpus file set up as a stack folder in memory: the compose file as docker-compose.yml, its
 * `.env` beside it, the env_files it names that came from its repository (`NN-name.files/`), and
 * the empty env_files and build context folders the reference run created (truth `createdForConfig`).
 */
export function corpusCase(group: 'files' | 'rejected', id: string): CorpusCase {
  const dir = join(CORPUS, group);
  const names = readdirSync(dir).filter((n) => n.startsWith(`${id}-`));
  const yml = names.find((n) => n.endsWith('.yml'))!;
  const env = names.find((n) => n.endsWith('.env'));
  const root = `/corpus/${yml.replace(/\.yml$/, '')}`;
  const files = new Map<string, string>([[`${root}/docker-compose.yml`, readFileSync(join(dir, yml), 'utf8')]]);
  if (env) files.set(`${root}/.env`, readFileSync(join(dir, env), 'utf8'));
  const repoFiles = join(dir, yml.replace(/\.yml$/, '.files'));
  if (existsSync(repoFiles))
    for (const rel of readdirSync(repoFiles, { recursive: true, encoding: 'utf8' }))
      if (!statSync(join(repoFiles, rel)).isDirectory()) files.set(`${root}/${rel}`, readFileSync(join(repoFiles, rel), 'utf8'));
  const dirs: string[] = [];
  if (group === 'files') {
    const truth = JSON.parse(readFileSync(join(CORPUS, 'truth', `${id}.json`), 'utf8')) as {
      createdForConfig: { kind: string; path: string }[];
    };
    for (const c of truth.createdForConfig) {
      if (c.kind === 'empty env_file') files.set(`${root}/${c.path}`, '');
      if (c.kind === 'empty build context dir') dirs.push(`${root}/${c.path}`);
    }
  }
  return { id, group, root, fs: memoryFs(files, dirs) };
}

export function corpusIds(group: 'files' | 'rejected'): string[] {
  return readdirSync(join(CORPUS, group))
    .filter((n) => n.endsWith('.yml'))
    .map((n) => n.slice(0, n.indexOf('-')));
}
