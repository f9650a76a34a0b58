const TITLES: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized Request',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	409: 'Conflict',
	410: 'Gone',
	415: 'Unsupported Media Type',
	422: 'Unprocessable Entity',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	503: 'Service Unavailable'
};

export const ERROR_DOCS = 'https://docs.mollie.com/overview/handling-errors';

export interface MollieErrorBody {
	status: number;
	title: string;
	detail: string;
	field?: string;
	_links: { documentation: { href: string; type: string } };
}

/** An API error in Mollie's shape. Thrown by handlers, rendered by the router. */
export class MollieError extends Error {
	constructor(
		readonly status: number,
		readonly detail: string,
		readonly field?: string
	) {
		super(detail);
		this.name = 'MollieError';
	}

	toJSON(): MollieErrorBody {
		return errorBody(this.status, this.detail, this.field);
	}
}

export function errorBody(status: number, detail: string, field?: string): MollieErrorBody {
	return {
		status,
		title: TITLES[status] ?? 'Error',
		detail,
		...(field ? { field } : {}),
		_links: { documentation: { href: ERROR_DOCS, type: 'text/html' } }
	};
}

/** OAuth 2.0 errors on /oauth2/tokens use the RFC 6749 shape, as Mollie does. */
export class OAuthError extends Error {
	constructor(
		readonly status: number,
		readonly error: string,
		readonly description: string
	) {
		super(description);
		this.name = 'OAuthError';
	}
}

export const notFound = (what: string, id: string): MollieError =>
	new MollieError(404, `No ${what} exists with token ${id}.`);
