import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

export type Scheme = 'light' | 'dark';

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
 * red text), so those nodes are reported too.
 */
export async function seriousViolations(
	page: Page,
	{ schemes = ['light'], exclude }: { schemes?: readonly Scheme[]; exclude?: string } = {}
): Promise<string[]> {
	const problems: string[] = [];
	for (const colorScheme of schemes) {
		await page.emulateMedia({ colorScheme });
		const builder = new AxeBuilder({ page });
		if (exclude) builder.exclude(exclude);
		if (colorScheme === 'dark') builder.withRules(['color-contrast']);
		const { violations, incomplete } = await builder.analyze();
		for (const v of incomplete) {
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
