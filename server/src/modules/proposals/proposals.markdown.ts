import MarkdownIt from 'markdown-it';

/**
 * Residents write Markdown; raw HTML is shown as text (`html: false`) and markdown-it refuses
 * javascript:, vbscript: and data: links, so the HTML is safe to insert as it is.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

const defaultLinkOpen =
  markdown.renderer.rules.link_open ??
  ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));

markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  const token = tokens[index];
  token?.attrSet('rel', 'nofollow noopener noreferrer');
  return defaultLinkOpen(tokens, index, options, env, self);
};

/** The proposal page's own outline: its <h1>, then the section <h2> the description sits in. */
const SECTION_LEVEL = 2;

/**
 * A description's headings continue the page's outline: its top level becomes <h3>, each heading at
 * most one level below the one before it (`#` then `###` gives h3, h4), never below <h6>; otherwise
 * screen readers meet a second <h1> or skipped levels.
 */
markdown.core.ruler.push('shift_headings', (state) => {
  const headings = state.tokens.filter((token) => token.type === 'heading_open' || token.type === 'heading_close');
  const levels = headings.filter((token) => token.type === 'heading_open').map((token) => Number(token.tag.slice(1)));
  if (levels.length === 0) return;
  const top = Math.min(...levels);
  let previous = SECTION_LEVEL;
  let open = 0;
  for (const token of headings) {
    if (token.type === 'heading_open') {
      const written = Number(token.tag.slice(1));
      open = Math.min(6, SECTION_LEVEL + 1 + written - top, previous + 1);
      previous = open;
    }
    token.tag = `h${String(open)}`;
  }
});

export function renderMarkdown(source: string): string {
  return markdown.render(source);
}
