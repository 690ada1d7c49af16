import { fileKindOf } from './fileKind';

const slashes = /\.(?:[cm]?[jt]sx?|go|java|kt|kts|scala|cs|c|cc|cpp|h|hpp|rs|swift|dart|groovy|gradle|php|jsonc)$/i;
const hashes = /\.(?:ya?ml|py|sh|bash|zsh|rb|toml|properties|tf|tfvars|hcl|conf|cfg|ini|r|pl|ex|exs|envrc|npmrc|pypirc|netrc)$/i;
const dashes = /\.(?:sql|lua|hs)$/i;
const markup = /\.(?:md|markdown|html?|xml|vue|svelte)$/i;

/**
 * The full-line comment carrying `marker` in the file's comment syntax, or undefined when the file
 * has none (JSON): `# marker`, `// marker`, `-- marker` or `<!-- marker -->`.
 */
export function commentLine(path: string, marker: string): string | undefined {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  if (slashes.test(name)) return `// ${marker}`;
  if (hashes.test(name)) return `# ${marker}`;
  if (dashes.test(name)) return `-- ${marker}`;
  if (markup.test(name)) return `<!-- ${marker} -->`;
  const kind = fileKindOf(path);
  if (kind === 'compose' || kind === 'env' || (kind === 'config' && !/\.json$/i.test(name))) return `# ${marker}`;
  return undefined;
}
