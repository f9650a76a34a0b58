// SQLite's parameter numbering, recomputed from the SQL text: the `libsql` package binds an
// array by position but exposes neither sqlite3_bind_parameter_name nor _index, which Hrana's
// named arguments and `describe` need. Rules (sqlite.org/lang_expr.html#varparam): `?NNN` takes
// index NNN; `?`, and a name seen for the first time, take the largest index so far plus one.

export type Param = { index: number; name: string | null };

const NAME = /[A-Za-z0-9_\u0080-\uffff]/;

/** Parameters of one or more statements, in index order (gaps are unnamed). */
export function parseParams(sql: string): Param[] {
	const byName = new Map<string, number>();
	const names = new Map<number, string>();
	let max = 0;
	let i = 0;
	while (i < sql.length) {
		const c = sql[i];
		if (c === "'" || c === '"' || c === '`') {
			// Quoted string or identifier; a doubled quote is an escaped quote.
			i += 1;
			while (i < sql.length) {
				if (sql[i] === c) {
					if (sql[i + 1] === c) i += 2;
					else break;
				} else i += 1;
			}
			i += 1;
		} else if (c === '[') {
			const end = sql.indexOf(']', i);
			i = end < 0 ? sql.length : end + 1;
		} else if (c === '-' && sql[i + 1] === '-') {
			const end = sql.indexOf('\n', i);
			i = end < 0 ? sql.length : end + 1;
		} else if (c === '/' && sql[i + 1] === '*') {
			const end = sql.indexOf('*/', i + 2);
			i = end < 0 ? sql.length : end + 2;
		} else if (c === '?') {
			let j = i + 1;
			while (j < sql.length && sql[j] >= '0' && sql[j] <= '9') j += 1;
			if (j > i + 1) {
				const index = Number(sql.slice(i + 1, j));
				names.set(index, sql.slice(i, j));
				max = Math.max(max, index);
			} else {
				max += 1;
			}
			i = j;
		} else if ((c === ':' || c === '@' || c === '$') && NAME.test(sql[i + 1] ?? '')) {
			let j = i + 1;
			while (j < sql.length && NAME.test(sql[j])) j += 1;
			const name = sql.slice(i, j);
			if (!byName.has(name)) {
				max += 1;
				byName.set(name, max);
				names.set(max, name);
			}
			i = j;
		} else {
			i += 1;
		}
	}
	const params: Param[] = [];
	for (let index = 1; index <= max; index += 1) {
		params.push({ index, name: names.get(index) ?? null });
	}
	return params;
}

/**
 * Places named arguments at their parameter's position, as sqld does: a name is looked up as
 * given and then with each of the prefixes `:`, `@` and `$`.
 */
export function bindNamed<T>(sql: string, positional: T[], named: { name: string; value: T }[]) {
	const params = parseParams(sql);
	const values: (T | null)[] = [...positional];
	for (const { name, value } of named) {
		const candidates = /^[:@$?]/.test(name) ? [name] : [`:${name}`, `@${name}`, `$${name}`];
		const param = params.find((p) => p.name !== null && candidates.includes(p.name));
		if (!param) continue; // sqld ignores arguments that match no parameter
		while (values.length < param.index) values.push(null);
		values[param.index - 1] = value;
	}
	return values;
}
