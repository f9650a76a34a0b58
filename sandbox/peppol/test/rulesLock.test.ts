import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockOwnerGone } from '../rules.ts';

// An interrupted run (Ctrl-C during the rules' compilation) leaves its lock behind; the next run
// must take it over at once instead of waiting out the 10-minute staleness limit.
describe('the rules compilation lock', () => {
	const root = mkdtempSync(join(tmpdir(), 'acquit-rules-lock-'));
	afterAll(() => rmSync(root, { recursive: true, force: true }));

	function lockOf(pid: string | null): string {
		const lock = join(root, `lock-${Math.random().toString(36).slice(2)}`);
		mkdirSync(lock);
		if (pid !== null) writeFileSync(join(lock, 'pid'), pid);
		return lock;
	}

	it('is taken over when its owner has exited', () => {
		const exited = spawnSync(process.execPath, ['-e', '']).pid;
		expect(exited).toBeGreaterThan(0);
		expect(lockOwnerGone(lockOf(String(exited)))).toBe(true);
	});

	it('is kept while its owner runs, or before the owner has written its pid', () => {
		expect(lockOwnerGone(lockOf(String(process.pid)))).toBe(false);
		expect(lockOwnerGone(lockOf(null))).toBe(false);
	});
});
