import MarkdownIt from 'markdown-it';

/**
 * Comments take a small part of Markdown: emphasis, links, lists, quotes and code. Raw HTML is shown
 * as text (`html: false`), markdown-it refuses javascript:, vbscript: and data: links, and headings,
 * images and tables stay plain text, so a comment cannot shout over the page or load anything.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true }).disable([
  'heading',
  'lheading',
  'image',
  'table',
]);

const defaultLinkOpen =
  markdown.renderer.rules.link_open ??
  ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));

markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  tokens[index]?.attrSet('rel', 'nofollow ugc noopener');
  return defaultLinkOpen(tokens, index, options, env, self);
};

export function renderCommentMarkdown(source: string): string {
  return markdown.render(source);
}
