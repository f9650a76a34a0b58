import { serverEnv } from '../config';
import { eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import * as z from 'zod/mini';
import { parseForm, parseValues } from '../forms';
import { text } from '../formFields';
import type { Db } from '../db';
import { companySmtp } from '../db/schema';
import { decryptSecret, encryptSecret, type Keyring } from '../secrets/crypto';
import { isEmailAddress, type MailAddress } from './message';
import type { SmtpServer } from './smtp/client';
import { SmtpTransport } from './transports';

// Settings → Email: a company's own SMTP submission server (issue 10). Its mail then leaves
// through that server from the company's own address; without one the platform's transport
// sends it. The password is sealed like the Mollie tokens, bound to the company.

export type SmtpSecurity = 'none' | 'starttls' | 'tls';
export const SMTP_SECURITIES = ['starttls', 'tls', 'none'] as const satisfies SmtpSecurity[];

const context = (companyId: string) => `company:${companyId}:smtp`;

export interface SmtpSettingsInput {
	host: string;
	port: string;
	security: string;
	username: string;
	password: string;
	fromAddress: string;
}

export interface SmtpSettings {
	host: string;
	port: number;
	security: SmtpSecurity;
	username: string;
	/** Empty: keep the saved one (the form never shows it back). */
	password: string;
	fromAddress: string;
}

const HOST =
	/^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * A host on the server's own private networks (loopback, RFC 1918, link-local, IPv6 local), by
 * name or literal. An owner must not point Acquit's mail client at its internal services;
 * MAIL_ALLOW_PRIVATE_SMTP=true allows it (development, tests, a self-hosted relay). A public
 * name that resolves to a private address is caught by checkSmtpSettings (where DNS is at hand).
 */
export function isPrivateHost(host: string): boolean {
	const h = host.toLowerCase().replace(/^\[|\]$/g, '');
	if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local')) return true;
	const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(h);
	if (mapped) return isPrivateHost(mapped[1]!);
	if (h.includes(':')) return h === '::1' || /^f[cd]|^fe[89ab]/.test(h) || h === '::';
	const ip = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
	if (!ip) return false;
	const [a, b] = [Number(ip[1]), Number(ip[2])];
	return (
		a === 0 ||
		a === 10 ||
		a === 127 ||
		(a === 169 && b === 254) ||
		(a === 172 && b >= 16 && b <= 31) ||
		(a === 192 && b === 168) ||
		(a === 100 && b >= 64 && b <= 127)
	);
}

const IP_LITERAL = /^\[?[0-9a-fA-F:.]+\]?$/;
/** One line of at most 200 characters (a user name, a password). */
const shortLine = z
	.string()
	.check(
		z.refine((v) => v.length <= 200 && !/[\r\n]/.test(v), { error: () => m.mailx_err_long() })
	);

/** A field of the form: one a hand-made POST leaves out reads as empty, then is checked. */
const field = <T extends z.core.$ZodType<unknown, string>>(check: T) => z.pipe(text(), check);

/** The form's fields checked, in the owner's words; a private host only where it is allowed. */
function smtpSchema(allowPrivate: boolean) {
	return z.object({
		host: field(
			z.string().check(
				z.trim(),
				z.refine(
					(h) =>
						h !== '' &&
						(HOST.test(h) || (IP_LITERAL.test(h) && (h.includes(':') || /^\d/.test(h)))),
					{ error: () => m.mailx_err_host(), abort: true }
				),
				z.refine((h) => allowPrivate || !isPrivateHost(h), {
					error: () => m.mailx_err_host_private()
				})
			)
		),
		port: field(
			z
				.pipe(
					z.string().check(z.trim(), z.regex(/^\d{1,5}$/, { error: () => m.mailx_err_port() })),
					z.transform(Number)
				)
				.check(z.refine((p) => p >= 1 && p <= 65535, { error: () => m.mailx_err_port() }))
		),
		security: field(z.enum(SMTP_SECURITIES, { error: () => m.mailx_err_security() })),
		username: field(z.pipe(z.string().check(z.trim()), shortLine)),
		password: field(shortLine),
		fromAddress: field(
			z.string().check(z.trim(), z.refine(isEmailAddress, { error: () => m.mailx_err_from() }))
		)
	});
}
const smtpSchemas = { strict: smtpSchema(false), allowPrivate: smtpSchema(true) };
const schemaFor = (config: Record<string, string | undefined>) =>
	config.MAIL_ALLOW_PRIVATE_SMTP === 'true' ? smtpSchemas.allowPrivate : smtpSchemas.strict;

type ParsedSmtp =
	{ ok: true; settings: SmtpSettings } | { ok: false; errors: Record<string, string> };

/** The form's values checked: the settings, or an error per field (in the owner's words). */
export function parseSmtpSettings(
	input: SmtpSettingsInput,
	config: Record<string, string | undefined> = serverEnv()
): ParsedSmtp {
	const r = parseValues(schemaFor(config), input);
	return r.ok ? { ok: true, settings: r.data } : r;
}

/** The addresses a host name resolves to. */
export type HostLookup = (host: string) => Promise<string[]>;

/**
 * The system resolver (Node's getaddrinfo), or null where there is none to ask (then the name
 * check alone applies; on Workers, outbound sockets cannot reach private networks anyway).
 */
export async function systemLookup(): Promise<HostLookup | null> {
	try {
		const dns = await import('node:dns/promises');
		if (typeof dns.lookup !== 'function') return null;
		return async (host) => (await dns.lookup(host, { all: true })).map((a) => a.address);
	} catch {
		return null;
	}
}

/** Whether any address `host` resolves to is private or local (false when it does not resolve). */
export async function resolvesToPrivate(host: string, lookup: HostLookup): Promise<boolean> {
	let addresses: string[];
	try {
		addresses = await lookup(host);
	} catch {
		// Unknown name or no DNS right now: nothing private to refuse (sending will say why).
		return false;
	}
	return addresses.some((a) => isPrivateHost(a));
}

/**
 * parseSmtpSettings, then the host's addresses: a public-looking name that resolves to the
 * server's own networks is refused like a private literal (MAIL_ALLOW_PRIVATE_SMTP=true allows
 * both). `lookup` defaults to the system resolver.
 */
export async function checkSmtpSettings(
	input: SmtpSettingsInput,
	config: Record<string, string | undefined> = serverEnv(),
	lookup?: HostLookup | null
): Promise<ParsedSmtp> {
	return checkResolved(parseSmtpSettings(input, config), config, lookup);
}

/**
 * Settings → Email's SMTP form read through its schema (`parseForm`), then checked as
 * checkSmtpSettings does; `values` is what was typed, the password left out.
 */
export async function checkSmtpForm(
	form: FormData,
	config: Record<string, string | undefined> = serverEnv(),
	lookup?: HostLookup | null
): Promise<ParsedSmtp & { values: Record<string, string> }> {
	const read = parseForm(schemaFor(config), form);
	const parsed: ParsedSmtp = read.ok
		? { ok: true, settings: read.data }
		: { ok: false, errors: read.errors };
	return { ...(await checkResolved(parsed, config, lookup)), values: read.values };
}

async function checkResolved(
	parsed: ParsedSmtp,
	config: Record<string, string | undefined>,
	lookup: HostLookup | null | undefined
): Promise<ParsedSmtp> {
	if (!parsed.ok || config.MAIL_ALLOW_PRIVATE_SMTP === 'true') return parsed;
	const resolve = lookup === undefined ? await systemLookup() : lookup;
	if (resolve && (await resolvesToPrivate(parsed.settings.host, resolve))) {
		return { ok: false, errors: { host: m.einv_smtp_err_host_resolves_private() } };
	}
	return parsed;
}

/** What Settings → Email shows: everything but the password (only whether one is saved). */
export async function getCompanySmtp(db: Db, companyId: string) {
	const [row] = await db.select().from(companySmtp).where(eq(companySmtp.companyId, companyId));
	if (!row) return null;
	const { passwordEnc, ...shown } = row;
	return { ...shown, hasPassword: Boolean(passwordEnc) };
}

export async function saveCompanySmtp(
	db: Db,
	keys: Keyring,
	companyId: string,
	s: SmtpSettings,
	now = new Date()
) {
	// An empty password keeps the saved one, unless there is no user name any more.
	const password = s.password
		? await encryptSecret(s.password, keys, context(companyId))
		: s.username
			? undefined
			: null;
	const values = {
		host: s.host,
		port: s.port,
		security: s.security,
		username: s.username,
		fromAddress: s.fromAddress,
		updatedAt: now,
		...(password !== undefined ? { passwordEnc: password } : {})
	};
	await db
		.insert(companySmtp)
		.values({ companyId, ...values })
		.onConflictDoUpdate({ target: companySmtp.companyId, set: values });
}

export async function removeCompanySmtp(db: Db, companyId: string) {
	await db.delete(companySmtp).where(eq(companySmtp.companyId, companyId));
}

/** The saved password, opened (null: none saved). */
async function savedPassword(db: Db, keys: Keyring, companyId: string) {
	const [row] = await db
		.select({ passwordEnc: companySmtp.passwordEnc })
		.from(companySmtp)
		.where(eq(companySmtp.companyId, companyId));
	return row?.passwordEnc ? decryptSecret(row.passwordEnc, keys, context(companyId)) : null;
}

/** The client settings for typed values (a test before saving); the saved password if none typed. */
export async function smtpServerFor(
	db: Db,
	keys: Keyring,
	companyId: string,
	s: SmtpSettings
): Promise<SmtpServer> {
	const password = s.password || (s.username ? await savedPassword(db, keys, companyId) : null);
	return {
		host: s.host,
		port: s.port,
		security: s.security,
		...(s.username ? { user: s.username, password: password ?? '' } : {})
	};
}

/**
 * The company's own transport and sender, or null when it has none (the platform sends).
 * Throws when the password cannot be opened (no keyring, a rotated-away key): delivery records
 * that as a configuration failure rather than sending from the wrong server.
 */
export async function companyTransport(
	db: Db,
	keys: Keyring | null,
	companyId: string
): Promise<{ transport: SmtpTransport; sender: MailAddress } | null> {
	const [row] = await db.select().from(companySmtp).where(eq(companySmtp.companyId, companyId));
	if (!row) return null;
	let password = '';
	if (row.passwordEnc) {
		if (!keys) throw new Error('TOKEN_ENCRYPTION_KEY is missing: the SMTP password is sealed');
		password = await decryptSecret(row.passwordEnc, keys, context(companyId));
	}
	const server: SmtpServer = {
		host: row.host,
		port: row.port,
		security: row.security,
		...(row.username ? { user: row.username, password } : {})
	};
	return { transport: new SmtpTransport(server), sender: { email: row.fromAddress } };
}

/**
 * Settings → Email's "Send test email": a short message to the signed-in user, through the
 * typed server (or, with none, the company's current route: its saved server or the platform).
 * Recorded in the outbox like any other message; the outcome says in words what went wrong.
 */
export async function sendTestEmail(
	db: Db,
	keys: Keyring | null,
	input: {
		companyId: string;
		companyName: string;
		to: string;
		locale: 'fr' | 'nl' | 'en';
		settings: SmtpSettings | null;
	}
) {
	const { sendMail } = await import('./transport');
	const { platformSender } = await import('./transports');
	const { escapeHtml } = await import('./html');
	const o = { locale: input.locale };
	const subject = m.mailx_test_subject({}, o);
	const body = m.mailx_test_body({ company: input.companyName }, o);
	const typed =
		input.settings && keys
			? {
					transport: new SmtpTransport(
						await smtpServerFor(db, keys, input.companyId, input.settings)
					),
					sender: { email: input.settings.fromAddress }
				}
			: null;
	const from = typed?.sender.email ?? platformSender().email;
	return sendMail(
		db,
		keys,
		{
			companyId: input.companyId,
			kind: 'test',
			from: { email: from, name: input.companyName },
			to: [input.to],
			subject,
			text: body,
			html: `<!doctype html><html lang="${input.locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family: system-ui, sans-serif;"><p>${escapeHtml(body)}</p></body></html>`,
			locale: input.locale
		},
		typed ?? {}
	);
}
