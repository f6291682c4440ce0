import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import en from './en.json';

const SOURCE_ROOT = fileURLToPath(new URL('../..', import.meta.url));

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(svelte|ts)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function resolves(key: string): boolean {
  const value = key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], en);
  return typeof value === 'string';
}

describe('message keys in the source', () => {
  it('every literal message key used by the app exists in the catalogues', () => {
    const sections = new Set(Object.keys(en));
    const missing: string[] = [];
    for (const file of sourceFiles(SOURCE_ROOT)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/'([a-zA-Z]+)\.([a-zA-Z_.]+)'/g)) {
        const [, section = '', rest = ''] = match;
        if (!sections.has(section)) continue;
        const key = `${section}.${rest}`;
        // Error codes (auth.email_taken) are looked up under errors.<code>.
        if (!resolves(key) && !resolves(`errors.${key}`)) missing.push(`${file.slice(SOURCE_ROOT.length)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
