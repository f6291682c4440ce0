import { describe, expect, it } from 'vitest';
import { renderCommentMarkdown } from './discussion.markdown.js';

describe('comment bodies', () => {
  it('render emphasis, lists, code and line breaks', () => {
    expect(renderCommentMarkdown('**Yes** and *soon*\nthanks\n\n- one\n- `two`')).toBe(
      '<p><strong>Yes</strong> and <em>soon</em><br>\nthanks</p>\n<ul>\n<li>one</li>\n<li><code>two</code></li>\n</ul>\n',
    );
  });

  it('show raw HTML as text and drop javascript: links', () => {
    const html = renderCommentMarkdown('<script>alert(1)</script> <b onclick="x()">hi</b> [x](javascript:alert(1))');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('&lt;script&gt;');
  });

  it('mark links nofollow ugc noopener, and keep headings and images as plain text', () => {
    expect(renderCommentMarkdown('[map](https://example.org/map)')).toBe(
      '<p><a href="https://example.org/map" rel="nofollow ugc noopener">map</a></p>\n',
    );
    expect(renderCommentMarkdown('# Loud')).toBe('<p># Loud</p>\n');
    expect(renderCommentMarkdown('![x](https://example.org/a.png)')).not.toContain('<img');
  });
});
