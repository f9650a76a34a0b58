// `npm run build`: `vite build` in its own process group, ended once the build is done. The
// Cloudflare adapter's platform emulation starts workerd for prerendering and never stops it
// (sveltejs/kit#16919), which left one idle workerd behind per build.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, renameSync } from 'node:fs';

const child = spawn('npx', ['vite', 'build', ...process.argv.slice(2)], {
	stdio: 'inherit',
	detached: true
});

const endGroup = (signal: NodeJS.Signals) => {
	try {
		if (child.pid) process.kill(-child.pid, signal);
	} catch {
		// Nothing left in the group.
	}
};
// The group is not the terminal's foreground group: pass Ctrl+C and kills on to it.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => endGroup(signal));

const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
endGroup('SIGKILL');
if (code === 0) wrapWorker();
process.exit(code);

/**
 * The adapter writes SvelteKit's Worker to wrangler.toml's `main`
 * (.svelte-kit/cloudflare-worker/_worker.js, outside the public assets directory). It only has a
 * `fetch` handler; the Cron Trigger needs `scheduled` too. So the adapter's file becomes
 * `sveltekit.js` beside it, and `_worker.js` becomes worker/index.js, which imports it and adds
 * `scheduled` (docs/edge.md). The relative imports of the adapter's file stay valid: same folder.
 */
function wrapWorker() {
	const dir = '.svelte-kit/cloudflare-worker';
	if (!existsSync(`${dir}/_worker.js`)) return;
	renameSync(`${dir}/_worker.js`, `${dir}/sveltekit.js`);
	copyFileSync('worker/index.js', `${dir}/_worker.js`);
}
