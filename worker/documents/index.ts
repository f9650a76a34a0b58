// The documents Worker (acquit-documents): POST /render with a RenderRequest (JSON, see
// src/lib/server/pdf/wire.ts) answers the PDF (src/lib/server/pdf/service.ts). Reached only
// through the app Worker's service binding DOCUMENTS: it has no public address (workers_dev =
// false, no routes). The drawing is the app's own pure renderer, src/lib/server/pdf/render.ts,
// the one Node runs in development and in the tests; the fonts are bundled here as Data modules
// (wrangler.toml `[[rules]]`).
import bold from '@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf';
import regular from '@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf';
import { serveRender } from '../../src/lib/server/pdf/service';

// wrangler's Data rule makes each an ArrayBuffer (the project's types are Vite's, where a `.ttf`
// import is a URL string). One copy per isolate: the renderer caches parsed fonts by these arrays.
const bytes = (data: unknown) => new Uint8Array(data as ArrayBuffer);
const fonts = { regular: bytes(regular), bold: bytes(bold) };

export default {
	fetch: (request: Request): Promise<Response> => serveRender(request, fonts)
};
