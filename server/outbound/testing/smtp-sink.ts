import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export const SMTP_USER = 'relay-mailer';
export const SMTP_PASS = 'smtp-pass-4e9d1c7a2b5f3086';

/** One message the server got to the end of DATA, parsed, with its envelope. */
export interface ReceivedMail {
  readonly recipients: string[];
  readonly mail: ParsedMail;
  /** The reply code it was answered with (250 accepted). */
  readonly code: number;
}

/** How the server answers a message's DATA: accept (null), refuse with a code, or never. */
export type SmtpReply = { code: number; message: string } | 'hang' | null;

/**
 * A real SMTP server (the `smtp-server` library) on 127.0.0.1 for tests: it takes AUTH with
 * SMTP_USER / SMTP_PASS only (over plain text: a loopback test has no certificate), parses
 * each message with `mailparser` and keeps it, and answers DATA as `reply` says: 250 by
 * default, a refusal such as 451 (try later) or 550 (never), or `'hang'`: no answer at all (a
 * server that dies mid-message; such a message is kept with code 0).
 */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  reply: (index: number) => SmtpReply = () => null;
  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  /** On a free port, or on `port` (a server that comes back where it was). */
  static async start(port = 0): Promise<SmtpSink> {
    const holder: { sink?: SmtpSink } = {};
    const server = new SMTPServer({
      logger: false,
      closeTimeout: 1_000,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === SMTP_USER && auth.password === SMTP_PASS) {
          callback(null, { user: SMTP_USER });
        } else callback(new Error('Invalid username or password'));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const sink = holder.sink!;
          const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
          void simpleParser(Buffer.concat(chunks)).then((mail) => {
            const refusal = sink.reply(sink.messages.length);
            const code = refusal === 'hang' ? 0 : (refusal?.code ?? 250);
            sink.messages.push({ recipients, mail, code });
            if (refusal === 'hang') return;
            if (!refusal) return callback();
            const error = new Error(refusal.message) as Error & { responseCode: number };
            error.responseCode = refusal.code;
            callback(error);
          }, callback);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const sink = new SmtpSink(server, (server.server.address() as AddressInfo).port);
    holder.sink = sink;
    return sink;
  }

  /** The messages it accepted (answered 250). */
  accepted(): ReceivedMail[] {
    return this.messages.filter((message) => message.code === 250);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
