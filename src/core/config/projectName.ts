/** Normalises a folder or configured name the way docker compose v2 does: lowercase, only [a-z0-9_-], starting alphanumeric. */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}
