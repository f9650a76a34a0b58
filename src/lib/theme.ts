/**
 * Company theme helpers shared by the settings preview and the public payment page.
 * Pure functions only: safe on the server, in the browser and in tests.
 */

export const HEX_COLOR = /^#[0-9a-f]{6}$/;

/** Defaults match the columns' defaults in schema.ts. */
export const DEFAULT_THEME = {
	brandColor: '#0f766e',
	accentColor: '#f59e0b',
	backgroundColor: '#f8fafc'
} as const;

/** "#ABCDEF" / " #abcdef " → "#abcdef"; anything else → null. */
export function normalizeHex(input: string): string | null {
	const s = input.trim().toLowerCase();
	return HEX_COLOR.test(s) ? s : null;
}

/** WCAG 2.x relative luminance of a #rrggbb colour (0 = black, 1 = white). */
export function relativeLuminance(hex: string): number {
	const h = normalizeHex(hex);
	if (!h) throw new Error(`not a #rrggbb colour: ${hex}`);
	const [r, g, b] = [1, 3, 5].map((i) => {
		const c = parseInt(h.slice(i, i + 2), 16) / 255;
		return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	});
	return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG contrast ratio between two colours, from 1 (same) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
	const la = relativeLuminance(a);
	const lb = relativeLuminance(b);
	return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** AA for normal-size text needs 4.5:1. */
export function passesAA(foreground: string, background: string): boolean {
	return contrastRatio(foreground, background) >= 4.5;
}

/** White or near-black text, whichever reads better on the given colour. */
export function textColorOn(background: string): string {
	return contrastRatio('#ffffff', background) >= contrastRatio('#0f172a', background)
		? '#ffffff'
		: '#0f172a';
}

export type ThemeInput = {
	brandColor: string;
	accentColor: string;
	backgroundColor: string;
	backgroundFileId?: string | null;
};

const FILE_ID = /^[a-z2-7]{1,64}$/;

/**
 * CSS custom properties for a `style` attribute. Every value is re-validated here because it
 * ends up inside markup: a bad value falls back to the default instead of injecting CSS.
 */
export function themeStyle(theme: ThemeInput): string {
	const brand = normalizeHex(theme.brandColor) ?? DEFAULT_THEME.brandColor;
	const accent = normalizeHex(theme.accentColor) ?? DEFAULT_THEME.accentColor;
	const bg = normalizeHex(theme.backgroundColor) ?? DEFAULT_THEME.backgroundColor;
	const image =
		theme.backgroundFileId && FILE_ID.test(theme.backgroundFileId)
			? `url("/files/${theme.backgroundFileId}")`
			: 'none';
	return [
		`--pay-brand: ${brand}`,
		`--pay-on-brand: ${textColorOn(brand)}`,
		`--pay-accent: ${accent}`,
		`--pay-on-accent: ${textColorOn(accent)}`,
		`--pay-bg: ${bg}`,
		`--pay-bg-image: ${image}`
	].join('; ');
}
