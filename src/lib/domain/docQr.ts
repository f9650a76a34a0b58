/**
 * Which QR codes an invoice carries (Settings → Documents): the pay link, which opens the
 * invoice's pay page (any method at Mollie's checkout, always for the current amount due), the
 * EPC bank-transfer code read by banking apps, or both.
 */
export const DOC_QR_CHOICES = ['both', 'online', 'bank'] as const;
export type DocQrChoice = (typeof DOC_QR_CHOICES)[number];

/** Whether the pay-link QR is printed (undefined: the default, both). */
export const showsPayQr = (choice: DocQrChoice | undefined): boolean => choice !== 'bank';

/** Whether the EPC bank-transfer QR is printed (undefined: the default, both). */
export const showsBankQr = (choice: DocQrChoice | undefined): boolean => choice !== 'online';
