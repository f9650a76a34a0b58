import type { Page } from '@playwright/test';
import type { AxeResults, ElementContext, RunOptions } from 'axe-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export type Scheme = 'light' | 'dark';

// axe-core's own build, read once per test worker. It goes into a page once per document (see
// `withAxe`): @axe-core/playwright's AxeBuilder sent the whole script again on every `analyze()`
// and opened a blank tab to merge each scan's results, seconds per page on a busy phone context.
const AXE_SOURCE = readFileSync(
	createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
	'utf8'
);

declare global {
	interface Window {
		axe?: { run(context: ElementContext, options: RunOptions): Promise<AxeResults> };
	}
}

/**
 * axe in every frame of the page's current document, injected only where it is missing, so the
 * light and dark scans of one page state share one injection. Frames that cannot take it (a
 * sandboxed preview) are left alone: `frame-tested` below reports any that the scan reaches.
 */
async function withAxe(page: Page) {
	for (const frame of page.frames()) {
		const main = frame === page.mainFrame();
		try {
			if (await frame.evaluate(() => window.axe !== undefined)) continue;
			await frame.evaluate(AXE_SOURCE);
		} catch (error) {
			if (main) throw error;
		}
	}
}

/**
 * Serious and critical axe violations of the page as it is now, one readable line per element,
 * for each colour scheme asked for (the page restyles live; no reload). The dark scheme changes
 * colours and nothing else, so there only colour contrast is checked again: the full rule set
 * costs seconds per page. `exclude` leaves out a part axe cannot judge, such as a sandboxed mail
 * preview frame.
 *
 * Text whose colour equals its background (contrast 1:1) is not a violation for axe: its
 * color-contrast check returns "needs review" (`incomplete`, message key `equalRatio`), since
 * such text is often hidden on purpose. Here it is always a bug (the red Refund button once had
 * red text), so those nodes are reported too. So is a frame the scan reached but could not
 * test (`frame-tested`): exclude it instead.
 */
export async function seriousViolations(
	page: Page,
	{ schemes = ['light'], exclude }: { schemes?: readonly Scheme[]; exclude?: string } = {}
): Promise<string[]> {
	const problems: string[] = [];
	// Selectors only: the context crosses into the page as JSON.
	const context: { exclude: string[] } = { exclude: exclude ? [exclude] : [] };
	for (const colorScheme of schemes) {
		await page.emulateMedia({ colorScheme });
		await withAxe(page);
		const options: RunOptions = {
			// Passed and inapplicable rules are not read: axe then keeps one node of each, not all.
			resultTypes: ['violations', 'incomplete'],
			...(colorScheme === 'dark' ? { runOnly: { type: 'rule', values: ['color-contrast'] } } : {})
		};
		const { violations, incomplete } = await page.evaluate(
			({ context, options }) => window.axe!.run(context, options),
			{ context, options }
		);
		for (const v of incomplete) {
			if (v.id === 'frame-tested') {
				for (const node of v.nodes) {
					problems.push(`[${colorScheme}] frame-tested: ${v.help} — ${node.target.join(' ')}`);
				}
			}
			if (v.id !== 'color-contrast') continue;
			for (const node of v.nodes) {
				const data = node.any.find((c) => c.id === 'color-contrast')?.data as
					{ messageKey?: string; fgColor?: string; bgColor?: string } | undefined;
				if (data?.messageKey !== 'equalRatio') continue;
				problems.push(
					`[${colorScheme}] color-contrast (1:1, ${data.fgColor} on ${data.bgColor}): text the colour of its background — ${node.target.join(' ')}`
				);
			}
		}
		for (const v of violations) {
			if (v.impact !== 'serious' && v.impact !== 'critical') continue;
			for (const node of v.nodes) {
				problems.push(
					`[${colorScheme}] ${v.id} (${v.impact}): ${v.help} — ${node.target.join(' ')}`
				);
			}
		}
	}
	await page.emulateMedia({ colorScheme: null });
	return problems;
}
