import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { OutboundEvent } from './outbound-event';
import type { EmailTarget } from './outbound-file';
import { emailMessage } from './email-message';
import type { AttemptResult } from './send-attempt';

/** How much of the server's reply is kept as the reason (`451 4.3.0 Try again later`). */
const REASON_CHARS = 120;

/**
 * Sends email targets' mail over SMTP with nodemailer, one transport per target (made on first
 * use, closed with the sender). An SMTP reply decides like an HTTP status does elsewhere: 2xx
 * delivered, 4xx (greylisting, a full queue) tried again, 5xx (no such mailbox, refused) failed
 * at once; no reply at all (refused, reset, timed out) is tried again. The reason is the reply
 * code and the server's words, never nodemailer's message (an auth failure's could name the
 * user) and never the password.
 */
export class SmtpSender {
  private readonly transports = new Map<string, Transporter<SMTPTransport.SentMessageInfo>>();

  async send(
    event: OutboundEvent,
    target: EmailTarget,
    roomUrl: string | null,
    timeoutMs: number,
  ): Promise<AttemptResult> {
    const message = emailMessage(event, target, roomUrl);
    if (message === null) {
      const error = `no recipients for ${event.room.severity ?? 'a room without a severity'}`;
      return { verdict: 'failed', status: null, error, retryAfter: null };
    }
    try {
      const transport = await this.transport(target, timeoutMs);
      const info = await transport.sendMail({
        from: target.from,
        to: [...message.to],
        subject: message.subject,
        text: message.text,
        messageId: message.messageId,
        headers: message.headers,
      });
      return {
        verdict: 'delivered',
        status: replyCode(info.response),
        error: null,
        retryAfter: null,
      };
    } catch (error) {
      return failure(error as { responseCode?: unknown; response?: unknown; code?: unknown });
    }
  }

  close(): void {
    for (const transport of this.transports.values()) transport.close();
    this.transports.clear();
  }

  private async transport(target: EmailTarget, timeoutMs: number) {
    const made = this.transports.get(target.id);
    if (made) return made;
    // Loaded on the first mail: a relay without email targets never evaluates nodemailer.
    const { createTransport } = await import('nodemailer');
    // Another room's mail to the same target may have made it while this one waited.
    let transport = this.transports.get(target.id);
    if (!transport) {
      const { host, port, secure, auth } = target.smtp;
      transport = createTransport({
        host,
        port,
        secure,
        auth: auth ?? undefined,
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
        // nodemailer logs nothing unless given a logger; said here so nobody turns on `debug`,
        // which would write the AUTH exchange (the password, base64) to the log.
        logger: false,
        debug: false,
      });
      this.transports.set(target.id, transport);
    }
    return transport;
  }
}

function replyCode(response: string | undefined): number | null {
  const code = /^(\d{3})/.exec(response ?? '')?.[1];
  return code === undefined ? null : Number(code);
}

function failure(error: {
  responseCode?: unknown;
  response?: unknown;
  code?: unknown;
}): AttemptResult {
  const status = typeof error.responseCode === 'number' ? error.responseCode : null;
  if (status === null) {
    const code = typeof error.code === 'string' ? error.code : 'network error';
    return { verdict: 'retry', status: null, error: `no answer (${code})`, retryAfter: null };
  }
  const said = typeof error.response === 'string' ? error.response : String(status);
  const reason = said.replace(/\s+/g, ' ').trim().slice(0, REASON_CHARS);
  return {
    verdict: status >= 400 && status < 500 ? 'retry' : 'failed',
    status,
    error: `SMTP ${reason}`,
    retryAfter: null,
  };
}
