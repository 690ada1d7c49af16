import type { FileKind } from './Detector';

const lockFiles = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'go.sum',
  'cargo.lock',
  'poetry.lock',
  'composer.lock',
  'gemfile.lock',
  'bun.lock',
  'pipfile.lock',
  'uv.lock',
]);

function baseName(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(slash + 1).toLowerCase();
}

/** Lock files hold integrity hashes by design and are never scanned. */
export function isLockFile(path: string): boolean {
  return lockFiles.has(baseName(path));
}

export function fileKindOf(path: string): FileKind {
  const name = baseName(path);
  if (/^(?:docker-)?compose(?:\.[\w-]+)*\.ya?ml$/.test(name)) return 'compose';
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) return 'env';
  if (name === 'dockerfile' || name.startsWith('dockerfile.') || name.endsWith('.dockerfile')) return 'config';
  if (/\.(?:md|markdown|mdx|rst|adoc|txt)$/.test(name)) return 'docs';
  if (/\.(?:ya?ml|properties|ini|cfg|conf|toml|sh|bash|zsh|envrc|npmrc|pypirc|netrc)$/.test(name) || name.startsWith('.')) return 'config';
  if (
    /\.(?:[cm]?[jt]sx?|py|go|tf|tfvars|hcl|java|kt|kts|scala|cs|rb|php|rs|swift|json|jsonc|xml|gradle|groovy|ex|exs|dart|lua|c|cc|cpp|h|hpp|ps1|psm1|pl|pm)$/.test(
      name,
    )
  )
    return 'code';
  return 'other';
}
