import type { IncomingHttpHeaders } from 'node:http';
import { MollieError } from './errors.ts';

export interface Ctx {
	method: string;
	url: URL;
	path: string;
	headers: IncomingHttpHeaders;
	rawBody: string;
	/** Parsed JSON or form body ({} when empty). */
	body: Record<string, unknown>;
	params: string[];
}

export interface Reply {
	status: number;
	body?: string;
	contentType?: string;
	headers?: Record<string, string>;
}

export const HAL = 'application/hal+json';

export function hal(status: number, data: unknown): Reply {
	return { status, body: JSON.stringify(data), contentType: HAL };
}

export function json(status: number, data: unknown): Reply {
	return { status, body: JSON.stringify(data), contentType: 'application/json' };
}

export function html(status: number, markup: string): Reply {
	return { status, body: markup, contentType: 'text/html; charset=utf-8' };
}

export function redirect(location: string, status = 303): Reply {
	return { status, headers: { Location: location } };
}

export const noContent = (): Reply => ({ status: 204 });

export function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
	if (raw.trim() === '') return {};
	const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
	if (type === 'application/x-www-form-urlencoded') {
		return Object.fromEntries(new URLSearchParams(raw));
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch {
		throw new MollieError(400, 'The request body is not valid JSON.');
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new MollieError(400, 'The request body must be a JSON object.');
	}
	return parsed as Record<string, unknown>;
}

export function escapeHtml(s: string): string {
	return s
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

/** A `{href, type}` link object. */
export function link(href: string, type = HAL): { href: string; type: string } {
	return { href, type };
}

export function docs(slug: string): { href: string; type: string } {
	return { href: `https://docs.mollie.com/reference/${slug}`, type: 'text/html' };
}

export function isHttpUrl(value: string): boolean {
	try {
		const u = new URL(value);
		return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
	} catch {
		return false;
	}
}

/** Optional URL field: undefined/null allowed, otherwise a valid absolute http(s) URL. */
export function optionalUrl(body: Record<string, unknown>, field: string): string | null {
	const v = body[field];
	if (v === undefined || v === null || v === '') return null;
	if (typeof v !== 'string' || !isHttpUrl(v)) {
		throw new MollieError(
			422,
			`The ${field} is invalid: it must be an absolute http(s) URL.`,
			field
		);
	}
	return v;
}

export function bool(v: unknown): boolean {
	return v === true || v === 'true' || v === '1';
}
