import { describe, expect, it } from 'vitest';
import { checkPhotoFile } from './photo-upload.js';

function file(type: string, size: number): File {
  return new File([new Uint8Array(size)], 'photo', { type });
}

describe('checkPhotoFile', () => {
  it('asks for a file when none is chosen', () => {
    expect(checkPhotoFile(undefined)).toBe('photos.noFile');
  });

  it('refuses types other than JPEG, PNG and WebP', () => {
    expect(checkPhotoFile(file('image/gif', 10))).toBe('photos.wrongType');
    expect(checkPhotoFile(file('image/heic', 10))).toBe('photos.wrongType');
  });

  it('refuses a file over 10 MB and takes one of exactly 10 MB', () => {
    expect(checkPhotoFile(file('image/jpeg', 10 * 1024 * 1024 + 1))).toBe('photos.tooBig');
    expect(checkPhotoFile(file('image/webp', 10 * 1024 * 1024))).toBeUndefined();
  });
});
