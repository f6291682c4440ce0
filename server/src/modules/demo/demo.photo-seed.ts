import sharp from 'sharp';
import type { Database } from '../../db/database.js';
import { reencodeImage } from '../proposals/proposal-images.process.js';
import { proposalImages } from '../proposals/proposals.table.js';

interface DemoPhoto {
  from: string;
  to: string;
  /** SVG drawn over the gradient: a simple picture of what the alt text says. */
  shape: string;
  alt: string;
  altLocale: 'ja' | 'en';
}

/** Drawn at seed time (no binary files in the repository), by sample proposal title. */
const DEMO_PHOTOS: Record<string, readonly DemoPhoto[]> = {
  川沿いの遊歩道にベンチを: [
    {
      from: '#9fd3f5',
      to: '#3c8d5a',
      shape:
        '<rect x="0" y="520" width="1200" height="120" fill="#4a90c2"/><rect x="420" y="380" width="360" height="40" fill="#8b5a2b"/><rect x="440" y="420" width="24" height="80" fill="#5c3b1c"/><rect x="736" y="420" width="24" height="80" fill="#5c3b1c"/>',
      alt: '川沿いの遊歩道。水辺の芝生に木のベンチが一つ置かれている様子のイメージ図。',
      altLocale: 'ja',
    },
    {
      from: '#ffd6e0',
      to: '#7fb069',
      shape:
        '<circle cx="300" cy="260" r="140" fill="#f4a7b9"/><circle cx="900" cy="240" r="160" fill="#f4a7b9"/><rect x="280" y="380" width="40" height="200" fill="#6b4226"/><rect x="880" y="380" width="40" height="200" fill="#6b4226"/>',
      alt: '遊歩道沿いの桜並木。ベンチを置く予定の日陰の場所。',
      altLocale: 'ja',
    },
  ],
  'Safer crossings near schools': [
    {
      from: '#d9d9d9',
      to: '#6e6e6e',
      shape:
        '<rect x="0" y="300" width="1200" height="240" fill="#333"/><rect x="200" y="310" width="60" height="220" fill="#fff"/><rect x="320" y="310" width="60" height="220" fill="#fff"/><rect x="440" y="310" width="60" height="220" fill="#fff"/><rect x="560" y="310" width="60" height="220" fill="#fff"/>',
      alt: 'A zebra crossing on a grey street in front of a primary school.',
      altLocale: 'en',
    },
  ],
};

async function drawPhoto(photo: DemoPhoto): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="${photo.from}"/><stop offset="1" stop-color="${photo.to}"/>
    </linearGradient></defs>
    <rect width="1200" height="800" fill="url(#g)"/>${photo.shape}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

/** The sample proposal's photos, stored as an upload would be (re-encoded, no metadata). */
export async function seedDemoPhotos(db: Database, proposalId: string, title: string): Promise<void> {
  const photos = DEMO_PHOTOS[title] ?? [];
  for (const [index, photo] of photos.entries()) {
    const image = await reencodeImage(await drawPhoto(photo), 'image/jpeg');
    await db.insert(proposalImages).values({
      proposalId,
      position: index + 1,
      ...image,
      altText: photo.alt,
      altLocale: photo.altLocale,
    });
  }
}
