/**
 * Text for a Markdown tooltip, shown as typed: every character Markdown (or VS Code's `$(icon)`
 * syntax, or HTML) could read as markup is backslash-escaped, and line breaks become spaces. For
 * names that come from a repository's stack file and end up in a trusted MarkdownString, where
 * `[x](command:...)` would otherwise be a clickable command link.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~$&:"']/g, '\\$&');
}
