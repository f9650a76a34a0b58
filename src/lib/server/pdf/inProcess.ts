/**
 * The documents Worker's code (./render.ts, ./service.ts) as the app loads it when the deployment
 * has no DOCUMENTS binding: on Node (development, `vite preview`, Vitest). Imported dynamically,
 * and only from here (./index.ts, ./documents.ts), so the server build emits it as one chunk,
 * `inProcess.js`, that the app Worker's wrangler.toml `[alias]` replaces by a module that throws:
 * no renderer or maker code goes up with the app Worker (tests/edge/bundle.spec.ts checks it).
 */
import type { renderPdf as render } from './render';

export { serveMaking } from './making';

/** The renderer (pdf-lib, fontkit, standard fonts) loads on the first PDF, not on a QR or CSV. */
export async function renderPdf(...args: Parameters<typeof render>): ReturnType<typeof render> {
	const { renderPdf } = await import('./render');
	return renderPdf(...args);
}
