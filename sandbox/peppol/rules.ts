/**
 * OpenPeppol's official BIS Billing 3.0 validation rules (CEN EN 16931 + Peppol Schematron,
 * release 3.0.19), run in Node with SaxonJS — the checks every access point applies.
 *
 * The `.sch` files stay in `../shared/peppol/` (third-party, not copied into the repo). They are
 * compiled once (SchXslt2 → XSLT 3.0 → SaxonJS SEF) into `.tmp/peppol-rules/<hash>/`, keyed by
 * the hash of the rule files and the compiler, since compiling takes about a minute of CPU while
 * loading a compiled SEF takes ~60 ms. Concurrent processes (Vitest workers, the sandbox) share
 * one compilation through a lock directory; files appear by atomic rename only.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	existsSync,
	mkdirSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	writeFileSync
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

export const RULE_SETS = ['CEN-EN16931-UBL', 'PEPPOL-EN16931-UBL'] as const;
const TRANSPILER = 'schxslt2-transpile.xsl';

/**
 * Where the rules are: PEPPOL_RULES_DIR, else `shared/peppol` beside the project (CI's layout),
 * else one level further up (a git worktree under a sibling folder).
 */
export function rulesDir(projectRoot = process.cwd()): string {
	if (process.env.PEPPOL_RULES_DIR) return resolve(process.env.PEPPOL_RULES_DIR);
	const candidates = [
		resolve(projectRoot, '..', 'shared', 'peppol'),
		resolve(projectRoot, '..', '..', 'shared', 'peppol')
	];
	return candidates.find((d) => existsSync(join(d, TRANSPILER))) ?? candidates[0]!;
}

/** Null when every file the validator needs is there, else the first one missing. */
export function missingRuleFile(dir = rulesDir()): string | null {
	for (const f of [...RULE_SETS.map((r) => `${r}.sch`), TRANSPILER]) {
		if (!existsSync(join(dir, f))) return join(dir, f);
	}
	return null;
}

export interface Assertion {
	id: string;
	flag: string;
	location: string;
	text: string;
	/** Which rule set reported it. */
	ruleSet: (typeof RULE_SETS)[number];
}

export interface ValidationReport {
	/** Fatal failed asserts: any one of them and an access point rejects the document. */
	errors: Assertion[];
	/** Failed asserts flagged `warning` (the document is still accepted). */
	warnings: Assertion[];
}

export interface CompileTiming {
	/** True when the SEF files came from the cache. */
	cached: boolean;
	ms: number;
}

function xslt3(): string {
	return require.resolve('xslt3/xslt3.js');
}

export function cacheKey(dir: string): string {
	const h = createHash('sha256');
	for (const f of [...RULE_SETS.map((r) => `${r}.sch`), TRANSPILER])
		h.update(readFileSync(join(dir, f)));
	h.update(readFileSync(join(dirname(xslt3()), 'package.json')));
	// Bump when patchDescendantSuppression changes, so caches compiled without it are not reused.
	h.update('suppression-reset-1');
	return h.digest('hex').slice(0, 16);
}

const PATTERN_PARAM = 'Q{http://dmaus.name/ns/2023/schxslt}pattern';
const DEFAULT_RULE =
	/(<template match="\*" mode="group\.[^"]+" priority="-10">)<apply-templates select="@\*" mode="#current"\/><apply-templates select="node\(\)" mode="#current"\/>(<\/template>)/g;

/**
 * SchXslt2 (446f8b7) remembers, in a tunnel parameter, which patterns already matched the current
 * node, so that a later rule of the same pattern is "suppressed" for it (Schematron's if-then-else
 * per pattern). Its fallback template then walks the children with that parameter still set, so
 * once a rule of a pattern matched the root, every rule of that pattern was suppressed on every
 * descendant: most of the CEN rules (BR-CO-16 on the totals, …) never ran. The same bug as
 * schxslt/schxslt#216 in SchXslt 1. Children start with an empty list here, as the standard wants.
 * Checked by the tests: a wrong PayableAmount fails BR-CO-16.
 */
export function patchDescendantSuppression(xsl: string): string {
	const reset = `<with-param name="${PATTERN_PARAM}" tunnel="yes" select="()"/>`;
	let count = 0;
	const out = xsl.replace(DEFAULT_RULE, (_, open: string, close: string) => {
		count++;
		return (
			`${open}<apply-templates select="@*" mode="#current">${reset}</apply-templates>` +
			`<apply-templates select="node()" mode="#current">${reset}</apply-templates>${close}`
		);
	});
	if (count === 0) throw new Error('SchXslt2 output changed: the suppression patch found nothing');
	return out;
}

async function compileOne(dir: string, out: string, ruleSet: string) {
	const tmp = `${out}/${ruleSet}.${process.pid}`;
	await run(process.execPath, [
		xslt3(),
		`-xsl:${join(dir, TRANSPILER)}`,
		`-s:${join(dir, `${ruleSet}.sch`)}`,
		`-o:${tmp}.xsl`
	]);
	writeFileSync(`${tmp}.xsl`, patchDescendantSuppression(readFileSync(`${tmp}.xsl`, 'utf8')));
	await run(process.execPath, [xslt3(), `-xsl:${tmp}.xsl`, `-export:${tmp}.sef.json`, '-nogo'], {
		maxBuffer: 16 * 1024 * 1024
	});
	renameSync(`${tmp}.sef.json`, join(out, `${ruleSet}.sef.json`));
	rmSync(`${tmp}.xsl`, { force: true });
}

/** True when the lock names its owner's pid and no such process runs any more. */
export function lockOwnerGone(lock: string): boolean {
	let pid: number;
	try {
		pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
	} catch {
		return false; // not written yet: the owner has just taken it
	}
	if (!Number.isInteger(pid) || pid <= 0) return false;
	try {
		process.kill(pid, 0);
		return false;
	} catch (err) {
		return (err as NodeJS.ErrnoException).code === 'ESRCH';
	}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The compiled rule sets' directory, compiling them first when the cache lacks them. Both rule
 * sets compile in parallel (two processes). Throws when the rules are missing.
 */
export async function compiledRules(
	dir = rulesDir(),
	cacheRoot = join(process.cwd(), '.tmp', 'peppol-rules')
): Promise<{ path: string; timing: CompileTiming }> {
	const missing = missingRuleFile(dir);
	if (missing) throw new Error(`Peppol validation rules not found: ${missing}`);
	const out = join(cacheRoot, cacheKey(dir));
	const ready = () => RULE_SETS.every((r) => existsSync(join(out, `${r}.sef.json`)));
	const started = performance.now();
	if (ready()) return { path: out, timing: { cached: true, ms: 0 } };
	mkdirSync(out, { recursive: true });
	const lock = join(out, 'lock');
	for (;;) {
		try {
			mkdirSync(lock);
			writeFileSync(join(lock, 'pid'), String(process.pid));
			break;
		} catch {
			// Another process compiles: wait for it, or take over a lock left by one that died
			// (an interrupted test run): its pid is gone, or it is older than any compilation.
			if (ready()) return { path: out, timing: { cached: true, ms: performance.now() - started } };
			try {
				if (lockOwnerGone(lock) || Date.now() - statSync(lock).mtimeMs > 10 * 60_000) {
					rmSync(lock, { recursive: true });
				}
			} catch {
				// Gone in between: try again.
			}
			await sleep(250);
		}
	}
	try {
		if (!ready()) {
			await Promise.all(
				RULE_SETS.filter((r) => !existsSync(join(out, `${r}.sef.json`))).map((r) =>
					compileOne(dir, out, r)
				)
			);
		}
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
	return { path: out, timing: { cached: false, ms: performance.now() - started } };
}

interface SaxonJs {
	transform(
		options: { stylesheetInternal: unknown; sourceText: string; destination: 'serialized' },
		mode: 'sync'
	): { principalResult: string };
}

let saxon: SaxonJs | null = null;
const stylesheets = new Map<string, unknown>();

function stylesheet(path: string): unknown {
	let s = stylesheets.get(path);
	if (!s) {
		s = JSON.parse(readFileSync(path, 'utf8'));
		stylesheets.set(path, s);
	}
	return s;
}

const ASSERT = /<svrl:failed-assert\b([^>]*)>([\s\S]*?)<\/svrl:failed-assert>/g;
const attr = (attrs: string, name: string) =>
	new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1] ?? '';

function decode(s: string): string {
	return s
		.replace(/<[^>]+>/g, '')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&amp;/g, '&')
		.replace(/\s+/g, ' ')
		.trim();
}

/**
 * Runs both rule sets on a UBL document. An XML that is not well-formed makes SaxonJS throw;
 * that is reported as a fatal `XML` error, as an access point would reject it.
 */
export async function validateUbl(xml: string, dir = rulesDir()): Promise<ValidationReport> {
	const { path } = await compiledRules(dir);
	saxon ??= require('saxon-js') as SaxonJs;
	const report: ValidationReport = { errors: [], warnings: [] };
	for (const ruleSet of RULE_SETS) {
		let svrl: string;
		try {
			svrl = saxon.transform(
				{
					stylesheetInternal: stylesheet(join(path, `${ruleSet}.sef.json`)),
					sourceText: xml,
					destination: 'serialized'
				},
				'sync'
			).principalResult;
		} catch (e) {
			report.errors.push({
				id: 'XML',
				flag: 'fatal',
				location: '/',
				text: e instanceof Error ? e.message : String(e),
				ruleSet
			});
			return report;
		}
		for (const [, attrs, body] of svrl.matchAll(ASSERT)) {
			const a: Assertion = {
				id: attr(attrs!, 'id'),
				flag: attr(attrs!, 'flag') || 'fatal',
				location: decode(attr(attrs!, 'location')),
				text: decode(body!),
				ruleSet
			};
			(a.flag === 'fatal' ? report.errors : report.warnings).push(a);
		}
	}
	return report;
}
