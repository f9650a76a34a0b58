// `npx tsx scripts/make-icons.ts`: draws the PWA icons (the check mark of static/favicon.svg) as
// PNGs into static/icons/. Only Node is used (zlib for the PNG's deflate stream), so the icons can
// be regenerated anywhere without an image toolchain. The output is committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BRAND = [0x0f, 0x76, 0x6e] as const;
const WHITE = [0xff, 0xff, 0xff] as const;
// The favicon's check mark, in its 64-unit coordinate space.
const CHECK: [number, number][] = [
	[18, 34],
	[27, 43],
	[46, 22]
];
const STROKE = 7;
const SAMPLES = 4; // 4×4 supersampling gives smooth edges.

interface IconSpec {
	file: string;
	size: number;
	/** Maskable icons are full-bleed with the glyph inside the 80 % safe zone. */
	maskable: boolean;
}

const ICONS: IconSpec[] = [
	{ file: 'icon-192.png', size: 192, maskable: false },
	{ file: 'icon-512.png', size: 512, maskable: false },
	{ file: 'icon-maskable-512.png', size: 512, maskable: true },
	// iOS rounds the corners itself and shows transparency as black: full-bleed too.
	{ file: 'apple-touch-icon.png', size: 180, maskable: true }
];

function distanceToSegment(
	px: number,
	py: number,
	[ax, ay]: [number, number],
	[bx, by]: [number, number]
) {
	const dx = bx - ax;
	const dy = by - ay;
	const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
	return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function inRoundedSquare(x: number, y: number, radius: number) {
	// Coordinates in 0..64; the corner circles are centred `radius` in from each edge.
	const cx = Math.min(Math.max(x, radius), 64 - radius);
	const cy = Math.min(Math.max(y, radius), 64 - radius);
	return Math.hypot(x - cx, y - cy) <= radius;
}

/** RGBA pixels of one icon. */
function draw({ size, maskable }: IconSpec): Uint8Array {
	const pixels = new Uint8Array(size * size * 4);
	// The maskable glyph is shrunk around the centre so it stays within the safe zone.
	const glyphScale = maskable ? 0.72 : 1;
	for (let y = 0; y < size; y++) {
		for (let x = 0; x < size; x++) {
			let bg = 0;
			let fg = 0;
			for (let sy = 0; sy < SAMPLES; sy++) {
				for (let sx = 0; sx < SAMPLES; sx++) {
					const u = ((x + (sx + 0.5) / SAMPLES) / size) * 64;
					const v = ((y + (sy + 0.5) / SAMPLES) / size) * 64;
					if (!maskable && !inRoundedSquare(u, v, 14)) continue;
					bg++;
					const gu = 32 + (u - 32) / glyphScale;
					const gv = 32 + (v - 32) / glyphScale;
					const d = Math.min(
						distanceToSegment(gu, gv, CHECK[0], CHECK[1]),
						distanceToSegment(gu, gv, CHECK[1], CHECK[2])
					);
					if (d <= STROKE / 2) fg++;
				}
			}
			const total = SAMPLES * SAMPLES;
			const i = (y * size + x) * 4;
			const whiteShare = bg ? fg / bg : 0;
			for (let c = 0; c < 3; c++) {
				pixels[i + c] = Math.round(BRAND[c] * (1 - whiteShare) + WHITE[c] * whiteShare);
			}
			pixels[i + 3] = Math.round((bg / total) * 255);
		}
	}
	return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(bytes: Uint8Array) {
	let c = 0xffffffff;
	for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array) {
	const out = Buffer.alloc(12 + data.length);
	out.writeUInt32BE(data.length, 0);
	out.write(type, 4, 'ascii');
	out.set(data, 8);
	out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
	return out;
}

/** A truecolour-with-alpha, 8-bit, non-interlaced PNG. */
export function encodePng(size: number, rgba: Uint8Array): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header[8] = 8; // bit depth
	header[9] = 6; // colour type RGBA
	// compression, filter and interlace methods stay 0
	const stride = size * 4;
	const raw = Buffer.alloc((stride + 1) * size);
	for (let y = 0; y < size; y++) {
		raw[y * (stride + 1)] = 0; // filter "None" for every scanline
		raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
	}
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(raw, { level: 9 })),
		chunk('IEND', new Uint8Array())
	]);
}

mkdirSync('static/icons', { recursive: true });
for (const icon of ICONS) {
	writeFileSync(`static/icons/${icon.file}`, encodePng(icon.size, draw(icon)));
	console.log(`static/icons/${icon.file} (${icon.size}×${icon.size})`);
}
