// `npm run build`: `vite build` in its own process group, ended once the build is done. The
// Cloudflare adapter's platform emulation starts workerd for prerendering and never stops it
// (sveltejs/kit#16919), which left one idle workerd behind per build.
import { spawn } from 'node:child_process';

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
process.exit(code);
