/**
 * The terminal a device uses for Pay at terminal (issue 15), per journal: remembered in that
 * browser's localStorage by the Mollie page, read by the invoice page. It replaces the journal's
 * default on that device only (a shop with two counters, one phone each).
 */
export const deviceTerminalKey = (journalId: string) => `acquit.terminal.${journalId}`;
