import { validatePattern } from '$lib/domain/numbering';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { invoices, journals, type Journal } from '../db/schema';
import { randomId } from '../secrets/ids';
import * as z from 'zod/mini';
import { reading } from '$lib/validation';
import { parseValues } from '../forms';
import { failWith, isUniqueViolation, ok, type Result } from './common';

export type JournalForm = Partial<
	Record<'name' | 'pattern' | 'nextNumber' | 'paymentTermDays' | 'footer', string>
>;
type JournalInput = Pick<Journal, 'name' | 'pattern' | 'nextNumber' | 'paymentTermDays' | 'footer'>;

const MAX_NEXT = 999_999_999;

/** A trimmed text a form may leave out (then empty). */
const trimmed = () => z.prefault(z.string().check(z.trim()), '');

/** A whole number typed in a form (empty: `fallback`), all digits, from `min` to `max`. */
const count = (fallback: string, digits: RegExp, min: number, max: number, key: string) =>
	z.pipe(
		trimmed(),
		reading((s: string, refuse) => {
			const typed = s || fallback;
			const n = Number(typed);
			return digits.test(typed) && n >= min && n <= max ? n : refuse(key);
		})
	);

/** A submitted journal; every message is an error key (see errorText). */
const journalSchema = z.object({
	name: z.pipe(
		trimmed(),
		z.string().check(z.minLength(1, { error: 'required' }), z.maxLength(60, { error: 'too_long' }))
	),
	pattern: z.pipe(
		trimmed(),
		reading((s: string, refuse) => {
			const pattern = s || '{YYYY}-{####}';
			const p = validatePattern(pattern);
			return p.ok ? pattern : refuse(`pattern_${p.reason}`);
		})
	),
	nextNumber: count('1', /^[0-9]+$/, 1, MAX_NEXT, 'next_number'),
	paymentTermDays: count('30', /^[0-9]{1,3}$/, 0, 365, 'term'),
	footer: z.prefault(z.string().check(z.trim(), z.maxLength(1000, { error: 'too_long' })), '')
}) satisfies z.ZodMiniType<JournalInput>;

export function parseJournal(form: JournalForm): Result<JournalInput> {
	const r = parseValues(journalSchema, form);
	return r.ok ? ok(r.data) : failWith(r.errors);
}

export async function listJournals(db: Db, companyId: string, opts: { archived?: boolean } = {}) {
	const rows = await db
		.select()
		.from(journals)
		.where(eq(journals.companyId, companyId))
		.orderBy(asc(journals.createdAt), asc(journals.name));
	return opts.archived ? rows : rows.filter((j) => j.archivedAt === null);
}

/** The journal, or null when it doesn't exist or belongs to another company. */
export async function getJournal(db: Db, companyId: string, id: string): Promise<Journal | null> {
	const [row] = await db
		.select()
		.from(journals)
		.where(and(eq(journals.id, id), eq(journals.companyId, companyId)));
	return row ?? null;
}

export async function createJournal(
	db: Db,
	companyId: string,
	form: JournalForm
): Promise<Result<Journal>> {
	const parsed = parseJournal(form);
	if (!parsed.ok) return parsed;
	try {
		const [row] = await db
			.insert(journals)
			.values({ id: randomId(), companyId, ...parsed.value })
			.returning();
		return ok(row!);
	} catch (e) {
		if (isUniqueViolation(e)) return failWith({ name: 'name_taken' });
		throw e;
	}
}

/** The highest sequence already given in the journal (0 when none). */
async function lastSequence(db: Db, journalId: string): Promise<number> {
	const [row] = await db
		.select({ max: sql<number | null>`max(${invoices.sequence})` })
		.from(invoices)
		.where(eq(invoices.journalId, journalId));
	return row?.max ?? 0;
}

/**
 * Edits a journal. The next number may be moved forward (or set for a migration from another
 * tool) but never back to a sequence already given: that would create duplicates.
 * Returns null when the journal isn't the company's.
 */
export async function updateJournal(
	db: Db,
	companyId: string,
	id: string,
	form: JournalForm
): Promise<Result<Journal> | null> {
	const journal = await getJournal(db, companyId, id);
	if (!journal) return null;
	const parsed = parseJournal(form);
	if (!parsed.ok) return parsed;
	const last = await lastSequence(db, id);
	if (parsed.value.nextNumber <= last) return failWith({ nextNumber: 'next_number_used' });
	try {
		const [row] = await db
			.update(journals)
			.set(parsed.value)
			// The guard repeats the check in SQL: a finalization in between must not be reused.
			.where(
				and(
					eq(journals.id, id),
					eq(journals.companyId, companyId),
					sql`${parsed.value.nextNumber} > coalesce((SELECT max(${invoices.sequence}) FROM ${invoices} WHERE ${invoices.journalId} = ${id}), 0)`
				)
			)
			.returning();
		return row ? ok(row) : failWith({ nextNumber: 'next_number_used' });
	} catch (e) {
		if (isUniqueViolation(e)) return failWith({ name: 'name_taken' });
		throw e;
	}
}

/**
 * Archive hides a journal from the editor; its documents and numbers stay. A journal is never
 * deleted once used. The last active journal can't be archived (invoices need one).
 */
export async function setJournalArchived(
	db: Db,
	companyId: string,
	id: string,
	archived: boolean
): Promise<'ok' | 'last_active' | 'not_found'> {
	if (archived) {
		const active = await db
			.select({ id: journals.id })
			.from(journals)
			.where(and(eq(journals.companyId, companyId), isNull(journals.archivedAt)));
		if (active.length === 1 && active[0]!.id === id) return 'last_active';
	}
	const rows = await db
		.update(journals)
		.set({ archivedAt: archived ? new Date() : null })
		.where(and(eq(journals.id, id), eq(journals.companyId, companyId)))
		.returning({ id: journals.id });
	return rows.length === 1 ? 'ok' : 'not_found';
}
