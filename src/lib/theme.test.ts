import { describe, expect, it } from 'vitest';
import {
	contrastRatio,
	normalizeHex,
	passesAA,
	relativeLuminance,
	textColorOn,
	themeStyle
} from './theme';

describe('contrast', () => {
	it('computes the WCAG extremes and symmetric ratios', () => {
		expect(relativeLuminance('#000000')).toBe(0);
		expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 10);
		expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 10);
		expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 10);
		expect(contrastRatio('#0f766e', '#0f766e')).toBe(1);
	});

	it('matches known reference ratios', () => {
		// #767676 on white is the classic "just passes AA" grey (4.54:1).
		expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
		expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
		expect(passesAA('#767676', '#ffffff')).toBe(true);
		expect(passesAA('#777777', '#ffffff')).toBe(false);
	});

	it('flags light brand colours on white and accepts dark ones', () => {
		expect(passesAA('#f59e0b', '#ffffff')).toBe(false); // amber
		expect(passesAA('#ffff00', '#ffffff')).toBe(false);
		expect(passesAA('#0f766e', '#ffffff')).toBe(true); // default teal
		expect(passesAA('#1e3a8a', '#ffffff')).toBe(true);
	});

	it('picks readable text on a colour', () => {
		expect(textColorOn('#1e3a8a')).toBe('#ffffff');
		expect(textColorOn('#ffff00')).toBe('#0f172a');
	});

	it('refuses anything that is not #rrggbb', () => {
		expect(normalizeHex(' #ABCDEF ')).toBe('#abcdef');
		expect(normalizeHex('#abc')).toBeNull();
		expect(normalizeHex('red')).toBeNull();
		expect(normalizeHex('#abcdef; color: red')).toBeNull();
		expect(() => relativeLuminance('blue')).toThrow();
	});
});

describe('themeStyle', () => {
	it('emits custom properties, with the background image when there is one', () => {
		const style = themeStyle({
			brandColor: '#1E3A8A',
			accentColor: '#f59e0b',
			backgroundColor: '#ffffff',
			backgroundFileId: 'abcdefghijklmnopqrstuvwx'
		});
		expect(style).toContain('--pay-brand: #1e3a8a');
		expect(style).toContain('--pay-on-brand: #ffffff');
		expect(style).toContain('--pay-accent: #f59e0b');
		expect(style).toContain('--pay-bg: #ffffff');
		expect(style).toContain('--pay-bg-image: url("/files/abcdefghijklmnopqrstuvwx")');
	});

	it('never lets a bad stored value inject CSS', () => {
		const style = themeStyle({
			brandColor: 'red; background: url(//evil)',
			accentColor: '#zzzzzz',
			backgroundColor: '',
			backgroundFileId: '../x")'
		});
		expect(style).toContain('--pay-brand: #0f766e');
		expect(style).toContain('--pay-accent: #f59e0b');
		expect(style).toContain('--pay-bg: #f8fafc');
		expect(style).toContain('--pay-bg-image: none');
		expect(style).not.toContain('evil');
	});
});
