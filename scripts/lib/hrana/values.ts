import { ProtocolError, type Value } from './protocol';

/** What the `libsql` package binds and returns with `safeIntegers(true)`. */
export type SqlValue = null | bigint | number | string | Buffer;

const MIN_I64 = -(2n ** 63n);
const MAX_I64 = 2n ** 63n - 1n;

/** Hrana value → a parameter for the `libsql` package. */
export function valueToSql(value: Value | undefined): SqlValue {
	if (value === undefined || value === null) return null;
	switch (value.type) {
		case 'null':
			return null;
		case 'integer': {
			// Integers travel as decimal strings so 64-bit values survive JSON.
			const n = BigInt(value.value);
			if (n < MIN_I64 || n > MAX_I64) {
				throw new ProtocolError(
					`Integer ${value.value} is out of 64-bit range`,
					'HRANA_PROTO_ERROR'
				);
			}
			return n;
		}
		case 'float':
			return Number(value.value);
		case 'text':
			return String(value.value);
		case 'blob':
			return Buffer.from(value.base64 ?? '', 'base64');
		default:
			throw new ProtocolError(
				`Unknown value type ${JSON.stringify((value as { type: unknown }).type)}`,
				'HRANA_PROTO_ERROR'
			);
	}
}

/** A value read by the `libsql` package (safe integers on) → Hrana value. */
export function valueFromSql(value: unknown): Value {
	if (value === null || value === undefined) return { type: 'null' };
	if (typeof value === 'bigint') return { type: 'integer', value: value.toString() };
	// With safe integers on, SQLite INTEGERs arrive as bigint: a number is always a REAL.
	if (typeof value === 'number') {
		return Number.isFinite(value) ? { type: 'float', value } : { type: 'null' };
	}
	if (typeof value === 'string') return { type: 'text', value };
	if (value instanceof Uint8Array) {
		return { type: 'blob', base64: Buffer.from(value).toString('base64') };
	}
	if (value instanceof ArrayBuffer) {
		return { type: 'blob', base64: Buffer.from(value).toString('base64') };
	}
	throw new Error(`Unexpected value from libsql: ${typeof value}`);
}
