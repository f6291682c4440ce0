import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './proposals.markdown.js';

describe('proposal descriptions', () => {
  it('render Markdown', () => {
    expect(renderMarkdown('**Benches** for the *river* path\n\n- ten\n- oak')).toBe(
      '<p><strong>Benches</strong> for the <em>river</em> path</p>\n<ul>\n<li>ten</li>\n<li>oak</li>\n</ul>\n',
    );
  });

  it('show raw HTML as text, never as markup', () => {
    const html = renderMarkdown('<script>alert(1)</script><img src=x onerror=alert(1)>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
  });

  it('drop javascript: and data: links and mark the others nofollow', () => {
    expect(renderMarkdown('[x](javascript:alert(1))')).not.toContain('href="javascript');
    expect(renderMarkdown('[x](data:text/html;base64,PHNjcmlwdD4=)')).not.toContain('href="data');
    expect(renderMarkdown('[map](https://example.org/map)')).toContain(
      '<a href="https://example.org/map" rel="nofollow noopener noreferrer">map</a>',
    );
  });

  it('continue the page outline: the top heading becomes h3 and no level is skipped, down to h6 at most', () => {
    expect(renderMarkdown('# Why\n\ntext\n\n### Where')).toBe('<h3>Why</h3>\n<p>text</p>\n<h4>Where</h4>\n');
    expect(renderMarkdown('## Only one')).toBe('<h3>Only one</h3>\n');
    expect(renderMarkdown('# a\n## b\n### c\n#### d\n##### e\n# f')).toBe(
      '<h3>a</h3>\n<h4>b</h4>\n<h5>c</h5>\n<h6>d</h6>\n<h6>e</h6>\n<h3>f</h3>\n',
    );
  });
});
