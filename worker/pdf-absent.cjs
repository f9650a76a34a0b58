// Stands in for pdf-lib and @pdf-lib/fontkit in the app Worker's bundle (wrangler.toml `[alias]`):
// on Cloudflare, PDFs are made by the acquit-documents Worker (worker/documents/) through the
// DOCUMENTS service binding, which keeps about 550 KB gzip of PDF code out of the app Worker.
// Reached only when that binding is missing: src/lib/server/pdf/index.ts then falls back to the
// in-process renderer, whose import lands here and fails with this message. CommonJS with
// exports the bundler can't list, so it accepts (and doesn't warn about) any named import.
function absent() {
	throw new Error(
		'PDFs are made by the acquit-documents Worker: deploy worker/documents/ and bind it as DOCUMENTS (README → Deploying)'
	);
}
module.exports = absent();
