import { KEEP_TYPED_JS } from './keepTypedScript.js';

/**
 * Svelte's hydration writes every `value={…}` back over its input (sveltejs/kit#8895), so what
 * someone typed while the page's JavaScript was still loading was silently replaced — an IBAN
 * typed early on a slow phone was saved empty. This inline script, in the head before any input
 * exists, remembers each control the user changes; `restoreTyped()` (src/lib/keepTyped.ts) puts
 * those values back once the page has hydrated. The Content-Security-Policy allows it by its
 * hash (svelte.config.js), so the text must stay exactly what keepTypedScript.js holds.
 */
const SCRIPT = `<script>${KEEP_TYPED_JS}</script>`;

export const KEEP_TYPED_PLACEHOLDER = '<!--acquit:keep-typed-->';

/**
 * Fills app.html's placeholder: the script on pages that hydrate, nothing on pages rendered
 * without client-side JavaScript (the public pay page stays script-free). Kit's boot script,
 * which names the `__sveltekit_…` global, is on exactly the pages that hydrate and is part of the
 * first chunk, the one that holds the placeholder (only streamed data comes later).
 */
export function keepTyped(html: string): string {
	if (!html.includes(KEEP_TYPED_PLACEHOLDER)) return html;
	const hydrates = html.includes('__sveltekit_');
	return html.replace(KEEP_TYPED_PLACEHOLDER, hydrates ? SCRIPT : '');
}
