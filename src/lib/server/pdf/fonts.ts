// Inter (SIL Open Font License 1.1, from @expo-google-fonts/inter): the static TrueType files,
// because fontkit reads TTF in a few milliseconds while decoding WOFF2 costs over a second of
// CPU. `?url` makes Vite emit them as build assets (like any imported file) instead of putting
// their bytes into the server code: they stay out of the Worker's upload (about 400 KB gzip of
// base64), and `read` from `$app/server` fetches them when a PDF is made — from the static
// assets through the ASSETS binding on Cloudflare (adapter-cloudflare), from the build output
// under `vite preview`, from node_modules in development. Imported statically by ./index.ts (see
// there why), read only when a PDF is made.
import { read } from '$app/server';
import boldUrl from '@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf?url';
import regularUrl from '@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf?url';
import type { FontBytes } from './render';

export type { FontBytes };

async function load(url: string): Promise<Uint8Array> {
	return new Uint8Array(await read(url).arrayBuffer());
}

let cached: Promise<FontBytes> | null = null;

/** The regular and bold faces as TTF bytes, read once per isolate (again after a failure). */
export function fontBytes(): Promise<FontBytes> {
	cached ??= Promise.all([load(regularUrl), load(boldUrl)]).then(
		([regular, bold]) => ({ regular, bold }),
		(err: unknown) => {
			cached = null;
			throw err;
		}
	);
	return cached;
}
