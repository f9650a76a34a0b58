export { sendMail, type MailKind, type NewMail } from './transport';
export { getOutboxMessage, listOutbox } from './outbox';
export { deliver, enqueueMail, processDueMail, retryMail, invoiceDeliveries } from './delivery';
export {
	platformTransport,
	OutboxTransport,
	SmtpTransport,
	CloudflareTransport
} from './transports';
export type { MailTransport, OutgoingMail, MailAttachment } from './message';
