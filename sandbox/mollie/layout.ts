import { escapeHtml } from './http.ts';

const CSS = `
:root{color-scheme:light dark;font-family:system-ui,sans-serif;line-height:1.5}
body{max-width:40rem;margin:2rem auto;padding:0 1rem}
.banner{background:#ffe8a3;color:#3d2c00;padding:.5rem 1rem;border-radius:.5rem}
fieldset{border:1px solid #8888;border-radius:.5rem;margin:1rem 0;padding:1rem}
legend{font-weight:600;padding:0 .25rem}
.choice{margin:.5rem 0}.choice label{font-weight:600;margin-left:.25rem}
.hint{margin:0 0 0 1.75rem;font-size:.9rem;opacity:.8}
button{font:inherit;padding:.6rem 1.2rem;border-radius:.5rem;border:2px solid #0a58ca;background:#0a58ca;color:#fff;cursor:pointer}
button.secondary{background:transparent;color:inherit;border-color:#8888}
button:focus-visible,input:focus-visible{outline:3px solid #f90;outline-offset:2px}
.actions{display:flex;gap:.75rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}
img{vertical-align:middle}
`;

/** A minimal, accessible HTML page (no JavaScript needed). */
export function page(lang: string, title: string, body: string): string {
	return `<!doctype html>
<html lang="${escapeHtml(lang || 'en')}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Mollie sandbox</title><style>${CSS}</style></head>
<body><main>
<p class="banner" role="note">Mollie sandbox — local simulation, no real money moves.</p>
${body}
</main></body></html>`;
}
