import { isIsoDate } from '$lib/server/invoicing/ledger';

export const PERIODS = ['all', 'month', 'last_month', 'year', 'custom'] as const;
export type Period = (typeof PERIODS)[number];

export type PeriodRange = {
	period: Period;
	from?: string;
	to?: string;
	errors: { from?: 'date'; to?: 'date' | 'order' };
};

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, month: number) => new Date(Date.UTC(y, month, 0)).getUTCDate();

/**
 * Date bounds for the overview filter, computed from Belgian "today"; the current year unless
 * another period is asked for. Bad custom dates are
 * reported, not guessed: the filter then falls back to no bound on that side.
 */
export function periodRange(params: URLSearchParams, today: string): PeriodRange {
	// The current year by default: all history grows without end (issue 13); "All" is one tap.
	const raw = params.get('period') ?? 'year';
	const period = (PERIODS as readonly string[]).includes(raw) ? (raw as Period) : 'year';
	const y = Number(today.slice(0, 4));
	const mo = Number(today.slice(5, 7));
	switch (period) {
		case 'all':
			return { period, errors: {} };
		case 'month':
			return {
				period,
				from: `${y}-${pad(mo)}-01`,
				to: `${y}-${pad(mo)}-${lastDay(y, mo)}`,
				errors: {}
			};
		case 'last_month': {
			const [ly, lm] = mo === 1 ? [y - 1, 12] : [y, mo - 1];
			return {
				period,
				from: `${ly}-${pad(lm)}-01`,
				to: `${ly}-${pad(lm)}-${lastDay(ly, lm)}`,
				errors: {}
			};
		}
		case 'year':
			return { period, from: `${y}-01-01`, to: `${y}-12-31`, errors: {} };
		case 'custom': {
			const errors: PeriodRange['errors'] = {};
			const f = params.get('from')?.trim() ?? '';
			const t = params.get('to')?.trim() ?? '';
			if (f && !isIsoDate(f)) errors.from = 'date';
			if (t && !isIsoDate(t)) errors.to = 'date';
			const from = f && !errors.from ? f : undefined;
			let to = t && !errors.to ? t : undefined;
			if (from && to && to < from) {
				errors.to = 'order';
				to = undefined;
			}
			return { period, from, to, errors };
		}
	}
}
