// `npx tsx scripts/mail-catcher.ts [--port 2525] [--dir .tmp/mail]`: a real SMTP server on
// loopback for development. Run the app with MAIL_TRANSPORT=smtp SMTP_URL=smtp://127.0.0.1:2525
// and every message it sends lands in <dir> as an .eml file (open it with any mail client).
import { parseArgs } from 'node:util';
import { startSmtpCatcher } from './lib/smtp-catcher';

const { values } = parseArgs({
	options: {
		port: { type: 'string', default: '2525' },
		dir: { type: 'string', default: '.tmp/mail' }
	}
});
const catcher = await startSmtpCatcher({
	port: Number(values.port),
	dir: values.dir,
	log: (line) => console.log(`[mail] ${line}`)
});
console.log(`[mail] SMTP server on ${catcher.url}, messages in ${values.dir}/`);
const stop = async () => {
	await catcher.close();
	process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
