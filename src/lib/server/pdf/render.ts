import fontkit from '@pdf-lib/fontkit';
import {
	degrees,
	fill,
	PDFDocument,
	popGraphicsState,
	pushGraphicsState,
	rectangle,
	rgb,
	setFillingRgbColor,
	type Color,
	type PDFFont,
	type PDFPage
} from 'pdf-lib';
import QRCode from 'qrcode';
import { showsBankQr, showsPayQr } from '$lib/domain/docQr';
import type { VatCategory } from '$lib/domain/vat';
import {
	colon,
	countryName,
	formatDate,
	formatMoney,
	formatPercentBp,
	formatUnitPrice,
	quantity
} from '$lib/format';
// The messages module itself, not the `m` re-export: the documents Worker's bundler (esbuild)
// keeps only the messages used then, instead of all of them.
import * as m from '$lib/paraglide/messages/_index.js';
import { DEFAULT_THEME, normalizeHex } from '$lib/theme';
import type { InvoiceDocument } from '../invoicing/document';

/**
 * The PDF of an invoice or credit note, drawn with pdf-lib: the same content, in the same order,
 * as the printed document (InvoiceDocument.svelte), on A4 pages. A pure function of its input
 * (document, pay link, logo and font bytes): nothing here reads the database, the environment or
 * SvelteKit, so the same module runs in the app on Node (loaded through a dynamic import, see
 * ./index.ts) and in the documents Worker on Cloudflare (worker/documents/).
 */

/** Inter regular and bold as TrueType bytes. */
export interface FontBytes {
	regular: Uint8Array;
	bold: Uint8Array;
}

export interface PdfLogo {
	bytes: Uint8Array;
	contentType: string;
}

export interface PdfInput {
	doc: InvoiceDocument;
	/** The public pay link, printed with its QR code while something is left to pay. */
	payUrl: string | null;
	logo: PdfLogo | null;
	/** Inter regular and bold (./fonts.ts in the app, Data modules in the documents Worker). */
	fonts: FontBytes;
}

// A4 in points, 15 mm margins like the print stylesheet's @page.
const PAGE_W = 595.28;
const PAGE_H = 841.89;
const MARGIN = 42.5;
const LEFT = MARGIN;
const RIGHT = PAGE_W - MARGIN;
const WIDTH = RIGHT - LEFT;
const TOP = PAGE_H - MARGIN;
// Room kept at the bottom of every page for its page number.
const BOTTOM = MARGIN + 14;

const INK = rgb(0x0f / 255, 0x17 / 255, 0x2a / 255);
const MUTED = rgb(0x47 / 255, 0x55 / 255, 0x69 / 255);
const RULE = rgb(0xe2 / 255, 0xe8 / 255, 0xf0 / 255);
const BOX = rgb(0xcb / 255, 0xd5 / 255, 0xe1 / 255);
const RED = rgb(0xb9 / 255, 0x1c / 255, 0x1c / 255);
const GREEN = rgb(0x15 / 255, 0x80 / 255, 0x3d / 255);
const WHITE = rgb(1, 1, 1);

const BODY = 9;
const SMALL = 7.5;
const LINE = 1.3;

function hexColor(hex: string): Color {
	const n = parseInt(hex.slice(1), 16);
	return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}

/** The brand colour mixed with white, like CSS `color-mix(in srgb, brand 8%, #fff)`. */
function tint(hex: string, share: number): Color {
	const n = parseInt(hex.slice(1), 16);
	const mix = (c: number) => (c * share + 255 * (1 - share)) / 255;
	return rgb(mix((n >> 16) & 255), mix((n >> 8) & 255), mix(n & 255));
}

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
type GlyphRun = ReturnType<ReturnType<Fontkit['create']>['layout']>;

/**
 * fontkit with a plain layout: one glyph per code point, no OpenType shaping. Shaping every
 * string with Inter's kerning and contextual alternates costs fontkit milliseconds per string,
 * and a long invoice draws thousands; pdf-lib places glyphs at their advance widths anyway (it
 * never draws the kerning), so nothing visible is lost. Text is NFC-normalized (`clean`), so an
 * accented letter is one precomposed glyph and needs no mark positioning.
 */
interface SubsetInternals {
	_addGlyph(gid: number): number;
	glyf: Uint8Array[];
	offset: number;
}

/**
 * @pdf-lib/fontkit 1.1.1 writes a subset's `loca` table in the short format (offsets halved)
 * without padding glyph records to an even length, so after the first odd-length glyph every
 * offset is off by a byte and most letters print blank (fixed upstream in fontkit 1.8, never in
 * this fork; cantoo-scribe/pdf-lib#144). Padding each record to an even length, as the
 * TrueType spec asks, makes the offsets right again.
 */
function evenGlyphRecords<T>(subset: T): T {
	const inner = subset as unknown as SubsetInternals;
	const addGlyph = inner._addGlyph.bind(inner);
	inner._addGlyph = (gid) => {
		const index = addGlyph(gid);
		const record = inner.glyf[index]!;
		if (record.length % 2 === 1) {
			// fontkit's own Buffer class (its stream shim refuses plain Uint8Arrays).
			const Buffer = record.constructor as unknown as {
				concat(list: Uint8Array[]): Uint8Array;
				alloc(size: number): Uint8Array;
			};
			inner.glyf[index] = Buffer.concat([record, Buffer.alloc(1)]);
			inner.offset += 1;
		}
		return index;
	};
	return subset;
}

const parsed = new WeakMap<Uint8Array, ReturnType<Fontkit['create']>>();
const plainFontkit: Fontkit = {
	create(bytes) {
		// Parsed once per isolate (the bytes are the cached ones from ./fonts): parsing copies the
		// whole file through fontkit's Buffer shim. Each PDF still makes its own subset.
		const known = parsed.get(bytes);
		if (known) return known;
		const font = fontkit.create(bytes);
		font.layout = (text: string) => {
			const glyphs = [];
			for (const ch of text) {
				const codePoint = ch.codePointAt(0)!;
				const glyph = font.glyphForCodePoint(codePoint);
				// fontkit caches glyph objects; one first made for a composite's component (while an
				// earlier PDF was subset) has no code point, and pdf-lib's text map (ToUnicode, what
				// copy-paste and search read) comes from it.
				if (glyph.codePoints.length === 0 && glyph.id !== 0) glyph.codePoints = [codePoint];
				glyphs.push(glyph);
			}
			return { glyphs, positions: [] } as unknown as GlyphRun;
		};
		const createSubset = font.createSubset.bind(font);
		font.createSubset = () => evenGlyphRecords(createSubset());
		parsed.set(bytes, font);
		return font;
	}
};

/** Draws a QR code: runs of dark modules as rectangles, filled at once, `size` points square. */
function drawQr(page: PDFPage, payload: string, x: number, top: number, size: number) {
	const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
	const n = qr.modules.size;
	// The same 2-module quiet zone as the printed SVGs.
	const cell = size / (n + 4);
	page.drawRectangle({ x, y: top - size, width: size, height: size, color: WHITE });
	const ops = [pushGraphicsState(), setFillingRgbColor(0x0f / 255, 0x17 / 255, 0x2a / 255)];
	for (let row = 0; row < n; row++) {
		let col = 0;
		while (col < n) {
			if (!qr.modules.get(row, col)) {
				col++;
				continue;
			}
			const start = col;
			while (col < n && qr.modules.get(row, col)) col++;
			// A hair taller than a module: no white seams between rows in some viewers.
			ops.push(
				rectangle(x + (start + 2) * cell, top - (row + 3) * cell, (col - start) * cell, cell + 0.05)
			);
		}
	}
	ops.push(fill(), popGraphicsState());
	page.pushOperators(...ops);
}

interface Fonts {
	regular: PDFFont;
	bold: PDFFont;
}

interface Style {
	font?: 'regular' | 'bold';
	size?: number;
	color?: Color;
}

/**
 * Text with no characters a PDF text operator can't show: tabs become spaces and other control
 * characters go (line breaks are handled by the callers, which split on them first).
 */
function clean(text: string): string {
	return (
		text
			.normalize('NFC')
			.replace(/\t/g, ' ')
			// eslint-disable-next-line no-control-regex
			.replace(/[\u0000-\u001f\u007f]/g, '')
	);
}

/**
 * Text widths from per-character advances, measured once per character and font: with the plain
 * layout the sum is exactly the drawn width, and wrapping measures the same words many times.
 */
function measurer(font: PDFFont) {
	const advances = new Map<string, number>();
	return (text: string, size: number) => {
		let width = 0;
		for (const ch of text) {
			let advance = advances.get(ch);
			if (advance === undefined) {
				advance = font.widthOfTextAtSize(ch, 1000);
				advances.set(ch, advance);
			}
			width += advance;
		}
		return (width * size) / 1000;
	};
}

/** A cursor over pages: writes top to bottom and starts a new page when the next block won't fit. */
class Writer {
	readonly pages: PDFPage[] = [];
	page!: PDFPage;
	y = TOP;
	/** Drawn at the top of every page after the first (the lines table's header, when in it). */
	onNewPage: (() => void) | null = null;
	private readonly measure: Record<'regular' | 'bold', ReturnType<typeof measurer>>;

	constructor(
		private readonly pdf: PDFDocument,
		readonly fonts: Fonts,
		private readonly decorate: (page: PDFPage) => void
	) {
		this.measure = { regular: measurer(fonts.regular), bold: measurer(fonts.bold) };
		this.addPage();
	}

	private addPage() {
		this.page = this.pdf.addPage([PAGE_W, PAGE_H]);
		this.pages.push(this.page);
		this.decorate(this.page);
		this.y = TOP;
	}

	newPage() {
		this.addPage();
		this.onNewPage?.();
	}

	/** Makes room for `height` points below the cursor, on a new page if needed. */
	ensure(height: number) {
		if (this.y - height < BOTTOM && this.y < TOP) this.newPage();
	}

	font(style: Style) {
		return style.font === 'bold' ? this.fonts.bold : this.fonts.regular;
	}

	width(text: string, style: Style = {}) {
		return this.measure[style.font ?? 'regular'](clean(text), style.size ?? BODY);
	}

	/** Draws one line with its baseline `size` below `top`. */
	text(text: string, x: number, top: number, style: Style = {}) {
		const size = style.size ?? BODY;
		const value = clean(text);
		if (!value) return;
		this.page.drawText(value, {
			x,
			y: top - size,
			size,
			font: this.font(style),
			color: style.color ?? INK
		});
	}

	/** Right-aligned at `right`. */
	textRight(text: string, right: number, top: number, style: Style = {}) {
		this.text(text, right - this.width(text, style), top, style);
	}

	/** Lines of at most `width` points: the text's own line breaks, then word wrap. */
	wrap(text: string, width: number, style: Style = {}): string[] {
		const out: string[] = [];
		for (const paragraph of text.split(/\r\n|\r|\n/)) {
			let line = '';
			for (const word of paragraph.split(/ +/)) {
				const candidate = line ? `${line} ${word}` : word;
				if (this.width(candidate, style) <= width) {
					line = candidate;
					continue;
				}
				if (line) out.push(line);
				// A word longer than the whole width (a URL, an IBAN without spaces) is cut.
				let rest = word;
				while (this.width(rest, style) > width) {
					let cut = rest.length - 1;
					while (cut > 1 && this.width(rest.slice(0, cut), style) > width) cut--;
					out.push(rest.slice(0, cut));
					rest = rest.slice(cut);
				}
				line = rest;
			}
			out.push(line);
		}
		return out;
	}

	/** Writes wrapped text at the cursor, breaking pages between lines. */
	paragraph(text: string, style: Style = {}, x = LEFT, width = WIDTH) {
		const size = style.size ?? BODY;
		for (const line of this.wrap(text, width, style)) {
			this.ensure(size * LINE);
			this.text(line, x, this.y, style);
			this.y -= size * LINE;
		}
	}

	rule(y: number, color: Color = RULE, thickness = 0.75, x1 = LEFT, x2 = RIGHT) {
		this.page.drawLine({ start: { x: x1, y }, end: { x: x2, y }, thickness, color });
	}
}

export async function renderPdf({
	doc,
	payUrl,
	logo,
	fonts: bytes
}: PdfInput): Promise<Uint8Array> {
	const o = { locale: doc.locale };
	const money = (cents: number) => formatMoney(cents, doc.currency, doc.locale);
	const date = (iso: string) => formatDate(iso, { dateStyle: 'long' }, doc.locale);
	const brandHex = normalizeHex(doc.seller.brandColor) ?? DEFAULT_THEME.brandColor;
	const brand = hexColor(brandHex);
	const kindLabel = doc.kind === 'credit_note' ? m.doc_credit_note({}, o) : m.doc_invoice({}, o);
	const ledger = doc.ledger;
	const balance = Math.max(0, ledger?.balanceCents ?? 0);
	const rateLabel = (category: VatCategory, percent: number) => {
		if (category === 'intra_eu_supply_exempt') return m.doc_vat_exempt({}, o);
		if (category.startsWith('reverse_charge')) return m.doc_vat_reverse({}, o);
		return formatPercentBp(percent * 100, doc.locale);
	};

	const pdf = await PDFDocument.create();
	pdf.registerFontkit(plainFontkit);
	// Subsets: only the glyphs used are embedded, so a PDF weighs tens of kilobytes, not hundreds.
	const fonts: Fonts = {
		regular: await pdf.embedFont(bytes.regular, { subset: true }),
		bold: await pdf.embedFont(bytes.bold, { subset: true })
	};
	const title = `${kindLabel} ${doc.number ?? m.doc_draft({}, o)} · ${doc.seller.name}`;
	pdf.setTitle(clean(title), { showInWindowTitleBar: true });
	pdf.setAuthor(clean(doc.seller.name));
	pdf.setSubject(kindLabel);
	pdf.setLanguage(`${doc.locale}-BE`);
	pdf.setCreator('Acquit');
	pdf.setProducer('Acquit (pdf-lib)');

	const draftWord = m.doc_draft({}, o).toUpperCase();
	const w = new Writer(pdf, fonts, (page) => {
		// The brand bar across the top, as on screen.
		page.drawRectangle({ x: 0, y: PAGE_H - 6, width: PAGE_W, height: 6, color: brand });
		if (doc.draft) {
			const size = 110;
			const width = fonts.bold.widthOfTextAtSize(draftWord, size);
			const angle = (30 * Math.PI) / 180;
			page.drawText(draftWord, {
				x: PAGE_W / 2 - (Math.cos(angle) * width) / 2 + (Math.sin(angle) * size) / 2,
				y: PAGE_H / 2 - (Math.sin(angle) * width) / 2 - (Math.cos(angle) * size) / 3,
				size,
				font: fonts.bold,
				color: RED,
				opacity: 0.12,
				rotate: degrees(30)
			});
		}
	});

	// Header: logo (or name) on the left, kind and number on the right.
	const headTop = w.y;
	let leftBottom = headTop;
	let logoDrawn = false;
	if (logo) {
		try {
			const image =
				logo.contentType === 'image/png'
					? await pdf.embedPng(logo.bytes)
					: logo.contentType === 'image/jpeg'
						? await pdf.embedJpg(logo.bytes)
						: null;
			if (image) {
				const scale = Math.min(160 / image.width, 52 / image.height, 1);
				const height = image.height * scale;
				w.page.drawImage(image, {
					x: LEFT,
					y: headTop - height,
					width: image.width * scale,
					height
				});
				leftBottom = headTop - height;
				logoDrawn = true;
			}
		} catch {
			// An image pdf-lib can't read prints the company's name instead.
		}
	}
	if (!logoDrawn) {
		let y = headTop;
		for (const line of w.wrap(doc.seller.name, WIDTH / 2, { font: 'bold', size: 15 })) {
			w.text(line, LEFT, y, { font: 'bold', size: 15, color: brand });
			y -= 15 * 1.2;
		}
		leftBottom = y;
	}
	let rightY = headTop;
	w.textRight(kindLabel, RIGHT, rightY, { font: 'bold', size: 20, color: brand });
	rightY -= 26;
	if (doc.number) {
		w.textRight(doc.number, RIGHT, rightY, { font: 'bold', size: 12 });
		rightY -= 16;
	}
	if (doc.draft) {
		w.textRight(m.doc_draft({}, o), RIGHT, rightY, { font: 'bold', size: 10, color: RED });
		rightY -= 14;
	}
	w.y = Math.min(leftBottom, rightY) - 14;
	if (doc.draft) {
		w.paragraph(m.doc_draft_notice({}, o), { font: 'bold', color: RED });
		w.y -= 6;
	}

	// Seller and buyer side by side.
	const colW = (WIDTH - 24) / 2;
	const party = (x: number, heading: string, lines: [string, Style?][]) => {
		let y = w.y;
		w.text(heading.toUpperCase(), x, y, { font: 'bold', size: SMALL, color: MUTED });
		y -= SMALL * 1.6;
		for (const [text, style = {}] of lines) {
			for (const line of w.wrap(text, colW, style)) {
				w.text(line, x, y, style);
				y -= BODY * LINE;
			}
		}
		return y;
	};
	const place = (postalCode: string, city: string) => [postalCode, city].filter(Boolean).join(' ');
	const seller = doc.seller;
	const sep = colon(doc.locale);
	const sellerLines: [string, Style?][] = [[seller.name, { font: 'bold' }]];
	if (seller.street) sellerLines.push([seller.street]);
	if (seller.postalCode || seller.city) sellerLines.push([place(seller.postalCode, seller.city)]);
	if (seller.country) sellerLines.push([countryName(seller.country, doc.locale)]);
	if (seller.vatNumber) sellerLines.push([`${m.doc_vat_number({}, o)}${sep}${seller.vatNumber}`]);
	if (seller.email) sellerLines.push([`${m.doc_email({}, o)}${sep}${seller.email}`]);
	if (seller.phone) sellerLines.push([`${m.doc_phone({}, o)}${sep}${seller.phone}`]);
	const buyer = doc.buyer;
	const buyerLines: [string, Style?][] = [[buyer.name, { font: 'bold' }]];
	if (buyer.contactPerson) buyerLines.push([m.doc_attention({ name: buyer.contactPerson }, o)]);
	if (buyer.street) buyerLines.push([buyer.street]);
	if (buyer.postalCode || buyer.city) buyerLines.push([place(buyer.postalCode, buyer.city)]);
	if (buyer.country) buyerLines.push([countryName(buyer.country, doc.locale)]);
	if (buyer.vatNumber) buyerLines.push([`${m.doc_vat_number({}, o)}${sep}${buyer.vatNumber}`]);
	w.y =
		Math.min(
			party(LEFT, m.doc_seller({}, o), sellerLines),
			party(LEFT + colW + 24, m.doc_buyer({}, o), buyerLines)
		) - 10;

	// Number, dates and reference in a tinted band.
	const meta: [string, string][] = [];
	if (doc.number) meta.push([m.doc_number({}, o), doc.number]);
	meta.push([m.doc_issue_date({}, o), date(doc.issueDate)]);
	if (doc.kind === 'invoice') meta.push([m.doc_due_date({}, o), date(doc.dueDate)]);
	if (doc.reference) meta.push([m.doc_reference({}, o), doc.reference]);
	{
		const pad = 8;
		const rowH = SMALL * 1.4 + BODY * LINE;
		const cells: { x: number; row: number; label: string; value: string }[] = [];
		let x = 0;
		let row = 0;
		for (const [label, raw] of meta) {
			const value = w.wrap(raw, WIDTH - 2 * pad, { font: 'bold' })[0] ?? '';
			const width = Math.max(w.width(label, { size: SMALL }), w.width(value, { font: 'bold' }));
			if (x > 0 && x + width > WIDTH - 2 * pad) {
				x = 0;
				row++;
			}
			cells.push({ x, row, label, value });
			x += width + 28;
		}
		const height = (row + 1) * rowH + (row * 6 + 2 * pad);
		w.ensure(height);
		w.page.drawRectangle({
			x: LEFT,
			y: w.y - height,
			width: WIDTH,
			height,
			color: tint(brandHex, 0.08)
		});
		for (const cell of cells) {
			const top = w.y - pad - cell.row * (rowH + 6);
			w.text(cell.label, LEFT + pad + cell.x, top, { size: SMALL, color: MUTED });
			w.text(cell.value, LEFT + pad + cell.x, top - SMALL * 1.4, { font: 'bold' });
		}
		w.y -= height + 10;
	}
	if (doc.kind === 'credit_note' && doc.creditedInvoiceNumber) {
		w.paragraph(m.doc_corrects({ number: doc.creditedInvoiceNumber }, o), { font: 'bold' });
		w.y -= 6;
	}

	// The lines. Number columns are as wide as their widest cell; the description takes the rest.
	const hasDiscount = doc.lines.some((l) => l.discountBp > 0);
	const cells = doc.lines.map((line) => {
		const row = [
			quantity(line.quantityMilli, doc.locale) + (line.unit ? ` ${line.unit}` : ''),
			formatUnitPrice(line.unitPriceMilli, doc.currency, doc.locale)
		];
		if (hasDiscount) {
			row.push(line.discountBp ? formatPercentBp(line.discountBp, doc.locale) : '—');
		}
		row.push(rateLabel(line.vat, line.ratePercent), money(line.netCents));
		return row;
	});
	const heads = [m.doc_quantity({}, o), m.doc_unit_price({}, o)];
	if (hasDiscount) heads.push(m.doc_discount({}, o));
	heads.push(m.doc_vat({}, o), m.doc_amount_excl({}, o));
	const gap = 10;
	const colWidths = heads.map((head, i) =>
		Math.min(
			110,
			Math.max(
				w.width(head, { font: 'bold', size: SMALL }),
				...cells.map((row) => w.width(row[i]!, i === heads.length - 1 ? { font: 'bold' } : {}))
			)
		)
	);
	const descW = WIDTH - colWidths.reduce((a, b) => a + b + gap, 0);
	const cellLines = (text: string, i: number) =>
		w.wrap(text, colWidths[i]!, i === heads.length - 1 ? { font: 'bold' } : {});
	const tableHead = () => {
		const top = w.y;
		w.text(m.doc_description({}, o), LEFT, top, { font: 'bold', size: SMALL, color: MUTED });
		let right = RIGHT;
		for (let i = heads.length - 1; i >= 0; i--) {
			w.textRight(heads[i]!, right, top, { font: 'bold', size: SMALL, color: MUTED });
			right -= colWidths[i]! + gap;
		}
		w.y -= SMALL * 1.3 + 3;
		w.rule(w.y, brand, 1.5);
		w.y -= 5;
	};
	w.ensure(SMALL * 1.3 + 8 + BODY * LINE * 2);
	tableHead();
	w.onNewPage = tableHead;
	doc.lines.forEach((line, index) => {
		const desc = w.wrap(line.description, descW - gap);
		const numbers = cells[index]!.map(cellLines);
		const count = Math.max(desc.length, ...numbers.map((n) => n.length));
		const height = count * BODY * LINE + 6;
		// A row moves whole to the next page when it fits on one; a longer one is split.
		if (w.y - height < BOTTOM && height < TOP - BOTTOM - 40) w.newPage();
		for (let k = 0; k < count; k++) {
			w.ensure(BODY * LINE);
			if (desc[k]) w.text(desc[k]!, LEFT, w.y);
			let right = RIGHT;
			for (let i = heads.length - 1; i >= 0; i--) {
				const text = numbers[i]![k];
				if (text) w.textRight(text, right, w.y, i === heads.length - 1 ? { font: 'bold' } : {});
				right -= colWidths[i]! + gap;
			}
			w.y -= BODY * LINE;
		}
		w.y -= 2;
		w.rule(w.y);
		w.y -= 4;
	});
	w.onNewPage = null;
	w.y -= 8;

	// VAT breakdown on the left, totals on the right, kept together.
	{
		const breakdownW = WIDTH * 0.5;
		const totalsX = LEFT + breakdownW + 24;
		const totals: { label: string; value: string; grand?: boolean }[] = [
			{ label: m.doc_total_excl({}, o), value: money(doc.netCents) },
			{ label: m.doc_total_vat({}, o), value: money(doc.vatCents) },
			{ label: m.doc_total_incl({}, o), value: money(doc.totalCents), grand: true }
		];
		if (ledger && ledger.creditedCents > 0) {
			totals.push({ label: m.doc_credited({}, o), value: `−${money(ledger.creditedCents)}` });
		}
		if (ledger && ledger.paidCents - ledger.refundedCents !== 0) {
			totals.push({
				label: m.doc_already_paid({}, o),
				value: `−${money(ledger.paidCents - ledger.refundedCents)}`
			});
		}
		if (ledger && (ledger.creditedCents > 0 || ledger.paidCents > 0)) {
			totals.push({ label: m.doc_amount_due({}, o), value: money(balance), grand: true });
		}
		const rowH = BODY * LINE + 4;
		const breakdownH = SMALL * 1.6 + SMALL * 1.3 + 8 + doc.breakdown.length * rowH;
		const totalsH = totals.reduce((h, t) => h + (t.grand ? rowH + 6 : rowH), 0);
		w.ensure(Math.max(breakdownH, totalsH));
		const top = w.y;

		let y = top;
		w.text(m.doc_vat_breakdown({}, o).toUpperCase(), LEFT, y, {
			font: 'bold',
			size: SMALL,
			color: MUTED
		});
		y -= SMALL * 1.6;
		const baseRight = LEFT + breakdownW * 0.68;
		const vatRight = LEFT + breakdownW;
		const headStyle: Style = { font: 'bold', size: SMALL, color: MUTED };
		w.text(m.doc_vat_rate({}, o), LEFT, y, headStyle);
		w.textRight(m.doc_vat_base({}, o), baseRight, y, headStyle);
		w.textRight(m.doc_vat_amount({}, o), vatRight, y, headStyle);
		y -= SMALL * 1.3 + 3;
		w.rule(y, brand, 1.5, LEFT, vatRight);
		y -= 5;
		for (const row of doc.breakdown) {
			w.text(rateLabel(row.category, row.ratePercent), LEFT, y);
			w.textRight(money(row.baseCents), baseRight, y);
			w.textRight(money(row.vatCents), vatRight, y);
			y -= BODY * LINE + 2;
			w.rule(y, RULE, 0.75, LEFT, vatRight);
			y -= 2;
		}
		const leftEnd = y;

		y = top;
		for (const t of totals) {
			if (t.grand) {
				y -= 2;
				w.rule(y, brand, 1.5, totalsX, RIGHT);
				y -= 4;
				const style: Style = { font: 'bold', size: 10.5 };
				w.text(t.label, totalsX, y, style);
				w.textRight(t.value, RIGHT, y, style);
				y -= rowH;
			} else {
				w.text(t.label, totalsX, y, { color: MUTED });
				w.textRight(t.value, RIGHT, y);
				y -= rowH;
			}
		}
		w.y = Math.min(leftEnd, y) - 10;
	}

	for (const mention of doc.mentions) {
		const lines = w.wrap(mention, WIDTH - 10, { font: 'bold' });
		w.ensure(lines.length * BODY * LINE);
		w.text('•', LEFT, w.y, { font: 'bold' });
		w.paragraph(mention, { font: 'bold' }, LEFT + 10, WIDTH - 10);
	}
	if (doc.mentions.length) w.y -= 8;

	// How to pay, or why there is nothing to pay.
	if (doc.kind === 'credit_note') {
		w.paragraph(m.doc_credit_note_info({}, o), { font: 'bold' });
	} else if (ledger && !doc.draft && ledger.balanceCents <= 0) {
		w.paragraph(m.doc_paid_in_full({}, o), { font: 'bold', color: GREEN });
	} else {
		const due = money(balance);
		const pad = 10;
		const qrSize = 96;
		const qrBlockW = 112;
		const qrs: { payload: string; caption: string; url?: string }[] = [];
		// Each QR only when the company's Settings → Documents choice shows it.
		if (payUrl && doc.kind === 'invoice' && !doc.draft && balance > 0 && showsPayQr(doc.qrCodes)) {
			qrs.push({ payload: payUrl, caption: m.share_doc_scan_online({}, o), url: payUrl });
		}
		if (doc.epc && showsBankQr(doc.qrCodes)) {
			qrs.push({ payload: doc.epc, caption: m.share_doc_scan_bank({}, o) });
		}
		const textW = WIDTH - 2 * pad - (qrs.length ? qrs.length * (qrBlockW + 8) : 0);

		const intro =
			ledger && ledger.balanceCents > 0
				? w.wrap(m.doc_pay_by({ amount: due, date: date(doc.dueDate) }, o), textW)
				: [];
		const fields: [string, string, Style][] = [];
		if (seller.iban) fields.push([m.doc_iban({}, o), seller.iban, { font: 'bold' }]);
		if (seller.bic) fields.push([m.doc_bic({}, o), seller.bic, { font: 'bold' }]);
		if (doc.ogm) fields.push([m.doc_ogm({}, o), doc.ogm, { font: 'bold', size: 11 }]);
		const textH =
			SMALL * 1.6 +
			intro.length * BODY * LINE +
			fields.reduce((h, [, , s]) => h + SMALL * 1.4 + (s.size ?? BODY) * LINE + 4, 6);
		const qrCaptions = qrs.map((q) => ({
			caption: w.wrap(q.caption, qrBlockW, { font: 'bold', size: SMALL }),
			url: q.url ? w.wrap(q.url, qrBlockW, { size: 6 }) : []
		}));
		const qrH = Math.max(
			0,
			...qrCaptions.map((c) => qrSize + 4 + c.caption.length * SMALL * 1.25 + c.url.length * 7.5)
		);
		const height = Math.max(textH, qrH) + 2 * pad;
		w.ensure(height);
		const top = w.y;
		w.page.drawRectangle({
			x: LEFT,
			y: top - height,
			width: WIDTH,
			height,
			borderColor: BOX,
			borderWidth: 0.75
		});
		let y = top - pad;
		w.text(m.doc_payment({}, o).toUpperCase(), LEFT + pad, y, {
			font: 'bold',
			size: SMALL,
			color: MUTED
		});
		y -= SMALL * 1.6;
		for (const line of intro) {
			w.text(line, LEFT + pad, y);
			y -= BODY * LINE;
		}
		y -= 6;
		for (const [label, value, style] of fields) {
			w.text(label, LEFT + pad, y, { size: SMALL, color: MUTED });
			y -= SMALL * 1.4;
			w.text(value, LEFT + pad, y, style);
			y -= (style.size ?? BODY) * LINE + 4;
		}
		let x = RIGHT - pad - qrs.length * qrBlockW - (qrs.length - 1) * 8;
		qrs.forEach((q, i) => {
			const qx = x + (qrBlockW - qrSize) / 2;
			drawQr(w.page, q.payload, qx, top - pad, qrSize);
			let cy = top - pad - qrSize - 4;
			for (const line of qrCaptions[i]!.caption) {
				const width = w.width(line, { font: 'bold', size: SMALL });
				w.text(line, x + (qrBlockW - width) / 2, cy, { font: 'bold', size: SMALL });
				cy -= SMALL * 1.25;
			}
			for (const line of qrCaptions[i]!.url) {
				const width = w.width(line, { size: 6 });
				w.text(line, x + (qrBlockW - width) / 2, cy, { size: 6, color: MUTED });
				cy -= 7.5;
			}
			x += qrBlockW + 8;
		});
		w.y = top - height - 10;
	}

	if (doc.notes) {
		w.y -= 6;
		w.ensure(SMALL * 1.6 + BODY * LINE);
		w.text(m.doc_notes({}, o).toUpperCase(), LEFT, w.y, {
			font: 'bold',
			size: SMALL,
			color: MUTED
		});
		w.y -= SMALL * 1.6;
		w.paragraph(doc.notes);
	}

	if (doc.footer) {
		w.y -= 12;
		w.ensure(SMALL * 1.4 + 6);
		w.rule(w.y);
		w.y -= 6;
		w.paragraph(doc.footer, { size: SMALL, color: MUTED });
	}

	// Every page says which document it belongs to and where it stands.
	const pages = w.pages.length;
	w.pages.forEach((page, i) => {
		const label = m.pdf_page_of({ page: String(i + 1), pages: String(pages) }, o);
		const size = 7;
		const y = MARGIN - size;
		const name = clean(`${kindLabel} ${doc.number ?? draftWord}`);
		page.drawText(name, { x: LEFT, y, size, font: fonts.regular, color: MUTED });
		page.drawText(label, {
			x: RIGHT - fonts.regular.widthOfTextAtSize(label, size),
			y,
			size,
			font: fonts.regular,
			color: MUTED
		});
	});

	return pdf.save();
}
