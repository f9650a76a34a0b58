// Inter (SIL Open Font License 1.1, from @expo-google-fonts/inter): the static TrueType files,
// because fontkit reads TTF in a few milliseconds while decoding WOFF2 costs over a second of
// CPU. `?inline` makes Vite put the bytes into the server bundle as a base64 data URL, so they
// reach the Worker with the code (Workers have no filesystem) and Node reads them the same way.
// This module is only ever imported dynamically, by the PDF renderer.
import boldUrl from '@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf?inline';
import regularUrl from '@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf?inline';

function decodeDataUrl(url: string): Uint8Array {
	const binary = atob(url.slice(url.indexOf(',') + 1));
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return bytes;
}

let cached: { regular: Uint8Array; bold: Uint8Array } | null = null;

/** The regular and bold faces as TTF bytes, decoded once per isolate. */
export function fontBytes() {
	cached ??= { regular: decodeDataUrl(regularUrl), bold: decodeDataUrl(boldUrl) };
	return cached;
}
