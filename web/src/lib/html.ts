/**
 * Proposal descriptions arrive as safe HTML rendered from Markdown, where `# Heading` becomes <h1>.
 * On the proposal page they sit under the page's <h1> and a section <h2>, so their headings move two
 * levels down (h1 → h3, capped at h6) to keep the page's outline in order for screen readers.
 */
export function demoteHeadings(html: string, levels = 2): string {
  return html.replace(/<(\/?)h([1-6])(?=[\s>])/g, (_match, slash: string, level: string) => {
    return `<${slash}h${String(Math.min(6, Number(level) + levels))}`;
  });
}
