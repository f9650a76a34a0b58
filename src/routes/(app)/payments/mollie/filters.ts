import { isIsoDate } from '$lib/server/invoicing/ledger';
import { MOLLIE_PAYMENT_STATUSES, type RemoteStatus } from '$lib/domain/paymentSync';
import {
	MAX_QUERY_LENGTH,
	MOLLIE_MODES,
	type MollieTransactionFilters
} from '$lib/server/mollie/transactions';

/** The list's filters as they travel in the URL (a GET form: works without JavaScript). */
export const FILTER_KEYS = ['status', 'method', 'mode', 'from', 'to', 'q'] as const;
export type FilterValues = Record<(typeof FILTER_KEYS)[number], string>;

const METHOD = /^[a-z0-9_]{1,32}$/;

export interface ParsedFilters {
	filters: MollieTransactionFilters;
	/** What was typed, echoed back into the form (a bad date stays in its field). */
	values: FilterValues;
	errors: { from?: 'date'; to?: 'date' | 'order' };
	/** The filters alone as a query string (no cursor), for links and the sync form. */
	query: string;
}

/** Unknown values are ignored rather than guessed; bad dates are reported. */
export function parseFilters(params: URLSearchParams): ParsedFilters {
	const values = Object.fromEntries(
		FILTER_KEYS.map((k) => [k, (params.get(k) ?? '').trim()])
	) as FilterValues;
	values.q = values.q.slice(0, MAX_QUERY_LENGTH);
	const filters: MollieTransactionFilters = {};
	if ((MOLLIE_PAYMENT_STATUSES as readonly string[]).includes(values.status)) {
		filters.status = values.status as RemoteStatus;
	}
	if (METHOD.test(values.method)) filters.method = values.method;
	if ((MOLLIE_MODES as readonly string[]).includes(values.mode)) {
		filters.mode = values.mode as 'test' | 'live';
	}
	const errors: ParsedFilters['errors'] = {};
	if (values.from && !isIsoDate(values.from)) errors.from = 'date';
	else if (values.from) filters.from = values.from;
	if (values.to && !isIsoDate(values.to)) errors.to = 'date';
	else if (values.to) filters.to = values.to;
	if (filters.from && filters.to && filters.to < filters.from) {
		errors.to = 'order';
		delete filters.to;
	}
	if (values.q) filters.q = values.q;
	const after = params.get('after');
	const before = params.get('before');
	if (before) filters.before = before;
	else if (after) filters.after = after;

	const query = new URLSearchParams();
	for (const k of FILTER_KEYS) if (values[k]) query.set(k, values[k]);
	return { filters, values, errors, query: query.toString() };
}
