// Executes Hrana stream requests on one `libsql` (better-sqlite3-compatible) connection.
import type Database from 'libsql';
import { bindNamed, parseParams } from './params';
import {
	ProtocolError,
	type Batch,
	type BatchCond,
	type BatchResult,
	type Col,
	type CursorEntry,
	type DescribeResult,
	type HranaError,
	type Stmt,
	type StmtResult,
	type StreamRequest,
	type StreamResponse,
	type StreamResult
} from './protocol';
import { valueFromSql, valueToSql, type SqlValue } from './values';

type Connection = InstanceType<typeof Database>;

/** A SQL error reported to the client inside a result (the stream stays usable). */
export class StatementError extends Error {
	constructor(
		message: string,
		readonly code: string
	) {
		super(message);
	}
}

export function toHranaError(e: unknown): HranaError {
	if (e instanceof StatementError || e instanceof ProtocolError) {
		return { message: e.message, code: e.code };
	}
	const err = e as { message?: unknown; code?: unknown };
	return {
		message: String(err?.message ?? e),
		code: typeof err?.code === 'string' ? err.code : 'UNKNOWN'
	};
}

/** Per-stream state: the SQL texts stored with `store_sql`. */
export class StreamState {
	readonly sqls = new Map<number, string>();
}

function sqlOf(state: StreamState, sql: string | undefined, sqlId: number | undefined): string {
	if (sql !== undefined && sql !== null) {
		if (sqlId !== undefined && sqlId !== null) {
			throw new ProtocolError('Both `sql` and `sql_id` are given', 'HRANA_PROTO_ERROR');
		}
		return sql;
	}
	if (sqlId !== undefined && sqlId !== null) {
		const stored = state.sqls.get(sqlId);
		if (stored === undefined) {
			throw new ProtocolError(`SQL text ${sqlId} was not stored`, 'SQL_NOT_FOUND');
		}
		return stored;
	}
	throw new ProtocolError('Neither `sql` nor `sql_id` is given', 'HRANA_PROTO_ERROR');
}

export class Engine {
	readonly #db: Connection;
	readonly #counters;

	constructor(db: Connection) {
		this.#db = db;
		// changes() and last_insert_rowid() for statements that return rows (INSERT … RETURNING),
		// whose `run()` info the package does not give.
		this.#counters = db.prepare('SELECT changes(), last_insert_rowid(), total_changes()');
		this.#counters.raw(true);
		this.#counters.safeIntegers(true);
	}

	get autocommit(): boolean {
		return !this.#db.inTransaction;
	}

	#totalChanges(): bigint {
		return (this.#counters.get() as bigint[])[2];
	}

	/** One statement; SQL errors are thrown as they come from libsql (with their `code`). */
	executeStmt(state: StreamState, stmt: Stmt): StmtResult {
		const sql = sqlOf(state, stmt.sql, stmt.sql_id);
		const positional = (stmt.args ?? []).map(valueToSql);
		const named = (stmt.named_args ?? []).map((a) => ({
			name: a.name,
			value: valueToSql(a.value)
		}));
		const args: SqlValue[] = named.length ? bindNamed(sql, positional, named) : positional;
		const started = performance.now();
		const prepared = this.#db.prepare(sql);
		prepared.safeIntegers(true);
		let reader = true;
		try {
			prepared.raw(true);
		} catch {
			reader = false; // raw() refuses statements that return no rows
		}
		if (!reader) {
			const info = prepared.run(args);
			return {
				cols: [],
				rows: [],
				affected_row_count: info.changes,
				last_insert_rowid: String(info.lastInsertRowid),
				rows_read: 0,
				rows_written: info.changes,
				query_duration_ms: performance.now() - started
			};
		}
		const cols: Col[] = prepared.columns().map((c) => ({ name: c.name, decltype: c.type }));
		const before = this.#totalChanges();
		const raw = prepared.all(args) as unknown[][];
		const [changes, lastRowid, after] = this.#counters.get() as bigint[];
		// changes() still holds the previous write's count after a plain SELECT: only trust it
		// when this statement changed something.
		const affected = after !== before ? Number(changes) : 0;
		return {
			cols,
			rows: stmt.want_rows === false ? [] : raw.map((row) => row.map(valueFromSql)),
			affected_row_count: affected,
			last_insert_rowid: String(lastRowid),
			rows_read: raw.length,
			rows_written: affected,
			query_duration_ms: performance.now() - started
		};
	}

	executeBatch(state: StreamState, batch: Batch): BatchResult {
		const result: BatchResult = { step_results: [], step_errors: [] };
		this.#runBatch(state, batch, {
			skipped: () => {
				result.step_results.push(null);
				result.step_errors.push(null);
			},
			ok: (_step, r) => {
				result.step_results.push(r);
				result.step_errors.push(null);
			},
			error: (_step, e) => {
				result.step_results.push(null);
				result.step_errors.push(e);
			}
		});
		return result;
	}

	/** The same batch, as the entries of a v3 cursor. */
	cursorEntries(state: StreamState, batch: Batch): CursorEntry[] {
		const entries: CursorEntry[] = [];
		this.#runBatch(state, batch, {
			skipped: () => {},
			ok: (step, r) => {
				entries.push({ type: 'step_begin', step, cols: r.cols });
				for (const row of r.rows) entries.push({ type: 'row', row });
				entries.push({
					type: 'step_end',
					affected_row_count: r.affected_row_count,
					last_insert_rowid: r.last_insert_rowid
				});
			},
			error: (step, error) => entries.push({ type: 'step_error', step, error })
		});
		return entries;
	}

	#runBatch(
		state: StreamState,
		batch: Batch,
		on: {
			skipped: (step: number) => void;
			ok: (step: number, r: StmtResult) => void;
			error: (step: number, e: HranaError) => void;
		}
	) {
		// Outcome of each step, for the conditions of later steps.
		const outcome: ('ok' | 'error' | 'skipped')[] = [];
		const holds = (cond: BatchCond): boolean => {
			switch (cond.type) {
				case 'ok':
					return outcome[cond.step] === 'ok';
				case 'error':
					return outcome[cond.step] === 'error';
				case 'not':
					return !holds(cond.cond);
				case 'and':
					return cond.conds.every(holds);
				case 'or':
					return cond.conds.some(holds);
				case 'is_autocommit':
					return this.autocommit;
				default:
					throw new ProtocolError('Unknown batch condition', 'HRANA_PROTO_ERROR');
			}
		};
		batch.steps.forEach((step, i) => {
			if (step.condition && !holds(step.condition)) {
				outcome.push('skipped');
				on.skipped(i);
				return;
			}
			try {
				const r = this.executeStmt(state, step.stmt);
				outcome.push('ok');
				on.ok(i, r);
			} catch (e) {
				if (e instanceof ProtocolError && e.code === 'HRANA_PROTO_ERROR') throw e;
				outcome.push('error');
				on.error(i, toHranaError(e));
			}
		});
	}

	sequence(state: StreamState, sql: string | undefined, sqlId: number | undefined) {
		this.#db.exec(sqlOf(state, sql, sqlId));
	}

	describe(state: StreamState, sql: string | undefined, sqlId: number | undefined): DescribeResult {
		const text = sqlOf(state, sql, sqlId);
		const prepared = this.#db.prepare(text);
		let cols: DescribeResult['cols'] = [];
		try {
			prepared.raw(true);
			cols = prepared.columns().map((c) => ({ name: c.name, decltype: c.type }));
		} catch {
			// no result columns
		}
		const isExplain = /^\s*explain\b/i.test(text);
		return {
			params: parseParams(text).map((p) => ({ name: p.name })),
			cols,
			is_explain: isExplain,
			is_readonly: isExplain || this.#isReadonly(text)
		};
	}

	// sqlite3_stmt_readonly is not exposed: a statement writes when its bytecode opens a write
	// transaction or changes the transaction state (BEGIN/COMMIT/SAVEPOINT…).
	#isReadonly(sql: string): boolean {
		const program = this.#db.prepare(`EXPLAIN ${sql}`);
		program.raw(true);
		const cols = program.columns().map((c) => c.name);
		const opcode = cols.indexOf('opcode');
		const p2 = cols.indexOf('p2');
		for (const row of program.all() as unknown[][]) {
			const op = row[opcode];
			if (op === 'Transaction' && Number(row[p2]) !== 0) return false;
			if (op === 'AutoCommit' || op === 'Savepoint') return false;
		}
		return true;
	}

	/** One stream request; SQL errors become an `error` result, protocol errors are thrown. */
	handle(state: StreamState, request: StreamRequest): StreamResult {
		try {
			return { type: 'ok', response: this.#respond(state, request) };
		} catch (e) {
			if (e instanceof ProtocolError && e.code === 'HRANA_PROTO_ERROR') throw e;
			return { type: 'error', error: toHranaError(e) };
		}
	}

	#respond(state: StreamState, request: StreamRequest): StreamResponse {
		switch (request.type) {
			case 'execute':
				return { type: 'execute', result: this.executeStmt(state, request.stmt) };
			case 'batch':
				return { type: 'batch', result: this.executeBatch(state, request.batch) };
			case 'sequence':
				this.sequence(state, request.sql, request.sql_id);
				return { type: 'sequence' };
			case 'describe':
				return { type: 'describe', result: this.describe(state, request.sql, request.sql_id) };
			case 'store_sql':
				state.sqls.set(request.sql_id, request.sql);
				return { type: 'store_sql' };
			case 'close_sql':
				state.sqls.delete(request.sql_id);
				return { type: 'close_sql' };
			case 'get_autocommit':
				return { type: 'get_autocommit', is_autocommit: this.autocommit };
			case 'close':
				// The server rolls back and forgets the stream; see server.ts.
				return { type: 'close' };
			default:
				throw new ProtocolError(
					`Unknown request type ${JSON.stringify((request as { type: unknown }).type)}`,
					'HRANA_PROTO_ERROR'
				);
		}
	}

	/** Leaves no transaction open on the shared connection. */
	rollbackIfOpen(): boolean {
		if (!this.#db.inTransaction) return false;
		this.#db.exec('ROLLBACK');
		return true;
	}
}
