// The JSON shapes of Hrana over HTTP (v2 and v3 JSON), as `@libsql/hrana-client` writes and
// reads them (see node_modules/@libsql/hrana-client/lib-esm/{http,shared}/json_*.js).

export type Value =
	| { type: 'null' }
	| { type: 'integer'; value: string }
	| { type: 'float'; value: number }
	| { type: 'text'; value: string }
	| { type: 'blob'; base64: string };

export type NamedArg = { name: string; value: Value };

export type Stmt = {
	sql?: string;
	sql_id?: number;
	args?: Value[];
	named_args?: NamedArg[];
	want_rows?: boolean;
};

export type Col = { name: string | null; decltype: string | null };

export type StmtResult = {
	cols: Col[];
	rows: Value[][];
	affected_row_count: number;
	last_insert_rowid: string | null;
	rows_read: number;
	rows_written: number;
	query_duration_ms: number;
};

export type HranaError = { message: string; code?: string };

export type BatchCond =
	| { type: 'ok'; step: number }
	| { type: 'error'; step: number }
	| { type: 'not'; cond: BatchCond }
	| { type: 'and'; conds: BatchCond[] }
	| { type: 'or'; conds: BatchCond[] }
	| { type: 'is_autocommit' };

export type BatchStep = { condition?: BatchCond | null; stmt: Stmt };
export type Batch = { steps: BatchStep[] };

export type BatchResult = {
	step_results: (StmtResult | null)[];
	step_errors: (HranaError | null)[];
};

export type DescribeResult = {
	params: { name: string | null }[];
	cols: { name: string; decltype: string | null }[];
	is_explain: boolean;
	is_readonly: boolean;
};

export type StreamRequest =
	| { type: 'close' }
	| { type: 'execute'; stmt: Stmt }
	| { type: 'batch'; batch: Batch }
	| { type: 'sequence'; sql?: string; sql_id?: number }
	| { type: 'describe'; sql?: string; sql_id?: number }
	| { type: 'store_sql'; sql_id: number; sql: string }
	| { type: 'close_sql'; sql_id: number }
	| { type: 'get_autocommit' };

export type StreamResponse =
	| { type: 'close' }
	| { type: 'execute'; result: StmtResult }
	| { type: 'batch'; result: BatchResult }
	| { type: 'sequence' }
	| { type: 'describe'; result: DescribeResult }
	| { type: 'store_sql' }
	| { type: 'close_sql' }
	| { type: 'get_autocommit'; is_autocommit: boolean };

export type StreamResult =
	{ type: 'ok'; response: StreamResponse } | { type: 'error'; error: HranaError };

export type PipelineRequest = { baton?: string | null; requests: StreamRequest[] };
export type PipelineResponse = {
	baton: string | null;
	base_url: string | null;
	results: StreamResult[];
};

export type CursorRequest = { baton?: string | null; batch: Batch };

export type CursorEntry =
	| { type: 'step_begin'; step: number; cols: Col[] }
	| { type: 'step_end'; affected_row_count: number; last_insert_rowid: string | null }
	| { type: 'step_error'; step: number; error: HranaError }
	| { type: 'row'; row: Value[] }
	| { type: 'error'; error: HranaError };

/** A request the server refuses as a whole (answered with an HTTP error status). */
export class ProtocolError extends Error {
	constructor(
		message: string,
		readonly code: string,
		readonly status = 400
	) {
		super(message);
	}
}
