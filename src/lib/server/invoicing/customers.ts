import { validateVatNumber } from '$lib/domain/vatNumber';
import { and, asc, eq, isNotNull, isNull, like, or, sql } from 'drizzle-orm';
import * as z from 'zod/mini';
import { reading } from '$lib/validation';
import type { Db } from '../db';
import { customers, invoices, type Customer } from '../db/schema';
import { randomId } from '../secrets/ids';
import { parseValues } from '../forms';
import { failWith, ok, type Result } from './common';

export const CUSTOMER_FIELDS = [
	'name',
	'contactPerson',
	'emails',
	'phone',
	'locale',
	'street',
	'postalCode',
	'city',
	'country',
	'vatNumber',
	'paymentTermDays',
	'notes'
] as const;
export type CustomerForm = Partial<Record<(typeof CUSTOMER_FIELDS)[number], string>>;

export type CustomerInput = Omit<
	Customer,
	'id' | 'companyId' | 'archivedAt' | 'createdAt' | 'peppolReachable' | 'peppolCheckedAt'
>;

const LIMITS = {
	name: 120,
	contactPerson: 120,
	emails: 500,
	phone: 40,
	street: 200,
	postalCode: 20,
	city: 100,
	notes: 2000
} as const;

/** A trimmed text field a form may leave out (then empty), at most `max` characters. */
const line = (max: number) =>
	z.prefault(z.string().check(z.trim(), z.maxLength(max, { error: 'too_long' })), '');

const emailSchema = z.email();

const emailList = z.pipe(
	z
		.pipe(
			line(LIMITS.emails),
			z.transform((s: string) =>
				s
					.split(/[,;\s]+/)
					.map((e) => e.toLowerCase())
					.filter(Boolean)
			)
		)
		.check(
			z.refine((list) => list.every((e) => z.safeParse(emailSchema, e).success), {
				error: 'email_invalid'
			})
		),
	z.transform((list: string[]) => list.join(', '))
);

/** A submitted customer; every message is an error key (see errorText). */
const customerSchema = z.object({
	name: line(LIMITS.name).check(z.refine((s) => s !== '', { error: 'required' })),
	contactPerson: line(LIMITS.contactPerson),
	emails: emailList,
	phone: line(LIMITS.phone).check(
		z.refine((s) => !s || /^\+?[0-9 ./()-]{4,}$/.test(s), { error: 'phone_invalid' })
	),
	locale: z.pipe(
		z.pipe(
			line(10),
			z.transform((s: string) => s || 'fr')
		),
		z.enum(['fr', 'nl', 'en'], { error: 'invalid' })
	),
	street: line(LIMITS.street),
	postalCode: line(LIMITS.postalCode),
	city: line(LIMITS.city),
	country: z.pipe(
		z.pipe(
			line(10),
			z.transform((s: string) => (s || 'BE').toUpperCase())
		),
		z.string().check(z.regex(/^[A-Z]{2}$/, { error: 'country_invalid' }))
	),
	vatNumber: z.pipe(
		line(50),
		reading((s: string, refuse) => {
			if (!s) return '';
			const r = validateVatNumber(s);
			if (r.ok) return r.normalized;
			return refuse(r.reason === 'checksum' ? 'vat_checksum' : 'vat_format');
		})
	),
	paymentTermDays: z.pipe(
		line(10),
		reading((s: string, refuse) => {
			if (!s) return null;
			if (/^[0-9]{1,3}$/.test(s) && Number(s) <= 365) return Number(s);
			return refuse('term');
		})
	),
	notes: line(LIMITS.notes)
}) satisfies z.ZodMiniType<CustomerInput>;

/** Validates a submitted customer; every error is a key (see messages `cust_error_*`). */
export function parseCustomer(form: CustomerForm): Result<CustomerInput> {
	const r = parseValues(customerSchema, form);
	return r.ok ? ok(r.data) : failWith(r.errors);
}

export async function listCustomers(
	db: Db,
	companyId: string,
	opts: { q?: string; archived?: boolean } = {}
): Promise<Customer[]> {
	return db
		.select()
		.from(customers)
		.where(and(...customerConditions(companyId, opts)))
		.orderBy(asc(sql`lower(${customers.name})`), asc(customers.id));
}

export const CUSTOMER_PAGE_SIZE = 50;

/**
 * One page of the customers list, by name (case-insensitive, then id), from the customer `after`
 * (keyset: its name is looked up in the same statement, by the index customers_company_name_ci_idx),
 * with the id to pass as `after` for the next page (null on the last one).
 */
export async function listCustomerPage(
	db: Db,
	companyId: string,
	opts: { q?: string; archived?: boolean; after?: string; limit?: number } = {}
): Promise<{ rows: Customer[]; next: string | null }> {
	const limit = Math.min(Math.max(1, Math.trunc(opts.limit ?? CUSTOMER_PAGE_SIZE)), 100);
	const conditions = customerConditions(companyId, opts);
	const after = opts.after?.slice(0, 80);
	if (after) {
		conditions.push(
			sql`(lower(${customers.name}), ${customers.id}) > ((select lower(c2.name) from ${customers} c2 where c2.id = ${after} and c2.company_id = ${companyId}), ${after})`
		);
	}
	const found = await db
		.select()
		.from(customers)
		.where(and(...conditions))
		.orderBy(asc(sql`lower(${customers.name})`), asc(customers.id))
		.limit(limit + 1);
	const rows = found.slice(0, limit);
	return { rows, next: found.length > limit ? rows.at(-1)!.id : null };
}

function customerConditions(companyId: string, opts: { q?: string; archived?: boolean }) {
	const conditions = [eq(customers.companyId, companyId)];
	conditions.push(opts.archived ? isNotNull(customers.archivedAt) : isNull(customers.archivedAt));
	const q = opts.q?.trim();
	if (q) {
		// LIKE wildcards typed by the user are matched literally.
		const pattern = `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
		// VAT numbers are stored normalized (BE0123456749): match "0123.456" too.
		const vat = q.toUpperCase().replace(/[^0-9A-Z]/g, '');
		conditions.push(
			or(
				sql`${customers.name} LIKE ${pattern} ESCAPE '\\'`,
				sql`${customers.emails} LIKE ${pattern} ESCAPE '\\'`,
				...(vat ? [like(customers.vatNumber, `%${vat}%`)] : [])
			)!
		);
	}
	return conditions;
}

/** The customer, or null when it doesn't exist or belongs to another company. */
export async function getCustomer(db: Db, companyId: string, id: string): Promise<Customer | null> {
	const [row] = await db
		.select()
		.from(customers)
		.where(and(eq(customers.id, id), eq(customers.companyId, companyId)));
	return row ?? null;
}

export async function createCustomer(
	db: Db,
	companyId: string,
	form: CustomerForm
): Promise<Result<Customer>> {
	const parsed = parseCustomer(form);
	if (!parsed.ok) return parsed;
	const [row] = await db
		.insert(customers)
		.values({ id: randomId(), companyId, ...parsed.value })
		.returning();
	return ok(row!);
}

/** null when the customer isn't the company's. */
export async function updateCustomer(
	db: Db,
	companyId: string,
	id: string,
	form: CustomerForm
): Promise<Result<Customer> | null> {
	const parsed = parseCustomer(form);
	if (!parsed.ok) return (await getCustomer(db, companyId, id)) ? parsed : null;
	const [row] = await db
		.update(customers)
		.set(parsed.value)
		.where(and(eq(customers.id, id), eq(customers.companyId, companyId)))
		.returning();
	return row ? ok(row) : null;
}

export async function setCustomerArchived(
	db: Db,
	companyId: string,
	id: string,
	archived: boolean
): Promise<boolean> {
	const rows = await db
		.update(customers)
		.set({ archivedAt: archived ? new Date() : null })
		.where(and(eq(customers.id, id), eq(customers.companyId, companyId)))
		.returning({ id: customers.id });
	return rows.length === 1;
}

export async function customerHasInvoices(db: Db, companyId: string, id: string) {
	const [row] = await db
		.select({ id: invoices.id })
		.from(invoices)
		.where(and(eq(invoices.customerId, id), eq(invoices.companyId, companyId)))
		.limit(1);
	return row !== undefined;
}

/**
 * Deletes a customer that never had a document (drafts included). Once invoiced, a customer is
 * part of the books and can only be archived. The NOT EXISTS makes the check and the delete one
 * statement, so an invoice created meanwhile can't be orphaned.
 */
export async function deleteCustomer(
	db: Db,
	companyId: string,
	id: string
): Promise<'deleted' | 'has_invoices' | 'not_found'> {
	const rows = await db
		.delete(customers)
		.where(
			and(
				eq(customers.id, id),
				eq(customers.companyId, companyId),
				sql`NOT EXISTS (SELECT 1 FROM ${invoices} WHERE ${invoices.customerId} = ${customers.id})`
			)
		)
		.returning({ id: customers.id });
	if (rows.length === 1) return 'deleted';
	return (await getCustomer(db, companyId, id)) ? 'has_invoices' : 'not_found';
}

export const CUSTOMER_MATCHES = 20;

/**
 * The pickers' search-as-you-type: up to `limit` active customers whose name contains `q`, in
 * name order (case-insensitive), id and name only. Walks customers_company_name_ci_idx in
 * order and stops at the limit, so it costs the same with 10 or 10,000 customers when the
 * text is common, and at worst one pass over the company's index when it is rare.
 */
export async function searchCustomers(
	db: Db,
	companyId: string,
	q = '',
	limit = CUSTOMER_MATCHES
): Promise<{ id: string; name: string }[]> {
	const conditions = [eq(customers.companyId, companyId), isNull(customers.archivedAt)];
	const text = q.trim().slice(0, 100);
	if (text) {
		const pattern = `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
		conditions.push(sql`${customers.name} LIKE ${pattern} ESCAPE '\\'`);
	}
	return db
		.select({ id: customers.id, name: customers.name })
		.from(customers)
		.where(and(...conditions))
		.orderBy(asc(sql`lower(${customers.name})`))
		.limit(limit);
}

/** One customer's name (any state), or null when it isn't the company's. */
export async function customerName(db: Db, companyId: string, id: string) {
	const [row] = await db
		.select({ id: customers.id, name: customers.name })
		.from(customers)
		.where(and(eq(customers.id, id), eq(customers.companyId, companyId)));
	return row ?? null;
}
