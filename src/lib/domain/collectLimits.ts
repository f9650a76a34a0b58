/**
 * Mollie's amount limits for collecting on the spot (issue 15), from docs.mollie.com (see
 * docs/mollie.md, "Collect on the spot"): point of sale (`pointofsale`) takes EUR 0.01 to
 * EUR 50,000 (the default limit); Bancontact takes EUR 0.02 and more, but its QR code (mobile
 * payment) at most EUR 1,500. Integer cents, euro only.
 */
export const POINT_OF_SALE = { minCents: 1, maxCents: 5_000_000, currency: 'EUR' } as const;
export const BANCONTACT_QR = { minCents: 2, maxCents: 150_000, currency: 'EUR' } as const;
