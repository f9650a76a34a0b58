// Merged into $lib/format. Kept for the invoice and dashboard pages that still import from here;
// new code imports $lib/format.
export * from '../format';
