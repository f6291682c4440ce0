import { describe, expect, it } from 'vitest';
import { demoteHeadings } from './html.js';

describe('headings in rendered descriptions', () => {
  it('move two levels down, capped at h6, leaving other tags and text alone', () => {
    expect(demoteHeadings('<h1>Plan</h1>\n<p>h1 and <hr> stay</p><h5 id="x">Small</h5>')).toBe(
      '<h3>Plan</h3>\n<p>h1 and <hr> stay</p><h6 id="x">Small</h6>',
    );
  });
});
