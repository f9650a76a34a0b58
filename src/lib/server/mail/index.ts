export { getMailTransport, type MailKind, type MailMessage, type MailTransport } from './transport';
export { getOutboxMessage, listOutbox, OutboxTransport } from './outbox';
