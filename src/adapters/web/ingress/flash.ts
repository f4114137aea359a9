import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { SignedCookie } from '../../http/signed-cookie.ts';

const flashSchema = z.object({ text: z.string().max(2000), tone: z.enum(['good', 'bad']) });

/** A one-time message shown on the next page after a form post without JavaScript. */
export type FlashMessage = z.infer<typeof flashSchema>;

/** Carries a message across a post/redirect/get in a signed SameSite=Strict cookie for one minute. */
export class FlashCookies {
  private readonly cookie: SignedCookie<typeof flashSchema>;

  constructor(secret: string, secure: boolean) {
    const name = secure ? '__Host-countersign-flash' : 'countersign-flash';
    this.cookie = new SignedCookie(secret, 'flash', flashSchema, {
      name,
      path: '/',
      sameSite: 'Strict',
      secure,
    });
  }

  set(res: ServerResponse, message: FlashMessage): void {
    this.cookie.write(res, message, 60);
  }

  /** The pending message, if any, clearing it from the browser. */
  take(req: IncomingMessage, res: ServerResponse): FlashMessage | undefined {
    if (!this.cookie.has(req)) return undefined;
    this.cookie.clear(res);
    return this.cookie.read(req);
  }
}
