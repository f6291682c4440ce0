import { createHash } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import type { ProposalImageType } from '@pb/shared';
import { AppError } from '../../errors.js';
import { ProposalErrors } from './proposals.errors.js';

/** A 40-megapixel photo is far beyond any phone camera; more is a decompression bomb. */
export const MAX_INPUT_PIXELS = 40_000_000;
/** Longest side after resizing: sharp enough on any screen, small enough for a phone on 4G. */
export const MAX_OUTPUT_SIDE = 1600;

export interface ProcessedImage {
  content: Buffer;
  contentType: ProposalImageType;
  sha256: string;
  width: number;
  height: number;
}

const SHARP_FORMATS: Record<ProposalImageType, 'jpeg' | 'png' | 'webp'> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
};

/** The file's real type from its first bytes, so libvips is only ever fed the three formats we take. */
export function sniffImageType(bytes: Buffer): ProposalImageType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') {
    return 'image/webp';
  }
  return undefined;
}

async function readHeader(bytes: Buffer): Promise<Metadata> {
  try {
    return await sharp(bytes, { limitInputPixels: false, failOn: 'error' }).metadata();
  } catch (cause) {
    throw new AppError(ProposalErrors.imageInvalid, undefined, { cause });
  }
}

/**
 * Checks an upload and re-encodes it: EXIF orientation applied, then every piece of metadata
 * (EXIF with GPS, XMP, IPTC, ICC profiles after conversion to sRGB) left behind, because sharp
 * writes none unless asked to. The declared type must be the real one; the output keeps it.
 */
export async function reencodeImage(bytes: Buffer, declared: ProposalImageType): Promise<ProcessedImage> {
  const sniffed = sniffImageType(bytes);
  if (sniffed === undefined) throw new AppError(ProposalErrors.imageInvalid);
  if (sniffed !== declared) throw new AppError(ProposalErrors.imageTypeMismatch);
  const header = await readHeader(bytes);
  if (header.format !== SHARP_FORMATS[declared]) throw new AppError(ProposalErrors.imageTypeMismatch);
  const width = header.width;
  const height = header.height;
  if (width * height > MAX_INPUT_PIXELS) throw new AppError(ProposalErrors.imageTooLarge);
  if ((header.pages ?? 1) > 1) throw new AppError(ProposalErrors.imageAnimated);
  let pipeline = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
    .rotate()
    .resize({ width: MAX_OUTPUT_SIDE, height: MAX_OUTPUT_SIDE, fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb');
  if (declared === 'image/jpeg') pipeline = pipeline.jpeg({ quality: 82, mozjpeg: true });
  else if (declared === 'image/png') pipeline = pipeline.png({ compressionLevel: 8 });
  else pipeline = pipeline.webp({ quality: 80 });
  try {
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    return {
      content: data,
      contentType: declared,
      sha256: createHash('sha256').update(data).digest('hex'),
      width: info.width,
      height: info.height,
    };
  } catch (cause) {
    throw new AppError(ProposalErrors.imageInvalid, undefined, { cause });
  }
}
