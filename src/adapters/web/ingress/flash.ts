import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { readCookies, serializeCookie } from './cookies.ts';
import { appendSetCookie } from './set-cookie.ts';
import { SignedValue } from './signed-value.ts';

const flashSchema = z.object({ text: z.string().max(2000), tone: z.enum(['good', 'bad']) });

/** A one-time message shown on the next page after a form post without JavaScript. */
export type FlashMessage = z.infer<typeof flashSchema>;

/**
 * Carries a message across a post/redirect/get in a short-lived signed cookie
 * (SameSite=Strict, one minute), read and cleared by the next page.
 */
export class FlashCookies {
  private readonly signer: SignedValue;
  private readonly name: string;
  private readonly secure: boolean;

  constructor(secret: string, secure: boolean) {
    this.signer = new SignedValue(secret, 'flash');
    this.name = secure ? '__Host-countersign-flash' : 'countersign-flash';
    this.secure = secure;
  }

  set(res: ServerResponse, message: FlashMessage): void {
    appendSetCookie(res, serializeCookie(this.name, this.signer.sign(message), this.attributes(60)));
  }

  /** The pending message, if any, clearing it from the browser. */
  take(req: IncomingMessage, res: ServerResponse): FlashMessage | undefined {
    const raw = readCookies(req).get(this.name);
    if (raw === undefined) return undefined;
    appendSetCookie(res, serializeCookie(this.name, '', this.attributes(0)));
    const parsed = flashSchema.safeParse(this.signer.verify(raw));
    return parsed.success ? parsed.data : undefined;
  }

  private attributes(maxAgeSeconds: number) {
    return { maxAgeSeconds, path: '/', sameSite: 'Strict', secure: this.secure } as const;
  }
}
