import { z } from 'zod';
import { pathPastDepth, tooDeepMessage } from '../jsonLimits';
import type { ApiEvent, ApiMethod } from './contract';

/**
 * The browser host's WebSocket protocol: the one API contract as JSON frames.
 *
 *   page → host   { id, method, args }
 *   host → page   { id, result }  or  { id, error: { message } }
 *   host → page   { event }       (training events, to every page)
 *
 * The host checks each call with `dispatchApiCall`, as the Electron main process does.
 */

/** Where the host upgrades HTTP to the API's WebSocket. */
export const API_SOCKET_PATH = '/api';

/** The query parameter that carries the access token (in the page's URL and the socket's). */
export const TOKEN_PARAMETER = 'token';

/**
 * Frames larger than this are refused by both ends: the largest call (a graph document,
 * `DOCUMENT_CALL_BYTES`). Each call has its own, smaller limit (`maxCallBytes` in contract.ts).
 */
export const MAX_FRAME_BYTES = 32 * 1024 * 1024;

/**
 * Calls one connection may have unanswered at once: dispatched, or answered but not yet
 * written to its socket. Past it, the host reads no more of that connection until its
 * answers drain, so a page that sends calls and never reads the answers (60-byte calls
 * asking for 1 MB samples) holds at most this many answers in the host's memory.
 */
export const MAX_CALLS_IN_FLIGHT = 16;

export type RequestId = number | string;

export interface WireRequest {
  readonly id: RequestId;
  readonly method: ApiMethod;
  readonly args: readonly unknown[];
}

export type WireResponse =
  | { readonly id: RequestId; readonly result?: unknown }
  | { readonly id: RequestId | null; readonly error: { readonly message: string } };

export interface WireEvent {
  readonly event: ApiEvent;
}

const requestId = z.union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().min(1).max(64)]);

const requestFrame = z
  .object({
    id: requestId,
    method: z.string().min(1).max(64),
    args: z.array(z.unknown()).max(16),
  })
  .strict();

/**
 * Reads one frame a page sent. The method and arguments are checked later by
 * `dispatchApiCall`; this checks only the envelope, and says what is wrong with it.
 */
export function parseWireRequest(text: string): { ok: true; request: { id: RequestId; method: string; args: unknown[] } } | { ok: false; id: RequestId | null; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, id: null, message: 'The message is not valid JSON; expected {"id", "method", "args"}' };
  }
  const deep = pathPastDepth(value);
  if (deep !== null) {
    const id = requestId.safeParse((value as { id?: unknown } | null)?.id);
    return { ok: false, id: id.success ? id.data : null, message: tooDeepMessage('The message', deep) };
  }
  const parsed = requestFrame.safeParse(value);
  if (!parsed.success) {
    const id = requestId.safeParse((value as { id?: unknown } | null)?.id);
    const first = parsed.error.issues[0];
    const where = first.path.length ? `field '${first.path.join('.')}'` : 'message';
    return { ok: false, id: id.success ? id.data : null, message: `Bad request frame: ${where}: ${first.message}; expected {"id", "method", "args": [...]}` };
  }
  return { ok: true, request: parsed.data };
}

/** What a page receives: the answer to one of its calls, or an event. */
export type ServerFrame = { kind: 'response'; response: WireResponse } | { kind: 'event'; event: ApiEvent };

/** Reads one frame from the host; throws with a message when it is neither a response nor an event. */
export function parseServerFrame(text: string): ServerFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('The NetCanvas host sent a message that is not JSON');
  }
  if (typeof value === 'object' && value !== null) {
    const frame = value as Record<string, unknown>;
    if ('event' in frame && typeof frame.event === 'object' && frame.event !== null) return { kind: 'event', event: frame.event as ApiEvent };
    if ('id' in frame && ('result' in frame || 'error' in frame || Object.keys(frame).length === 1)) {
      if ('error' in frame) {
        const error = frame.error as { message?: unknown } | null;
        const message = typeof error?.message === 'string' ? error.message : 'The NetCanvas host reported an error without a message';
        return { kind: 'response', response: { id: frame.id as RequestId | null, error: { message } } };
      }
      return { kind: 'response', response: { id: frame.id as RequestId, result: frame.result } };
    }
  }
  throw new Error('The NetCanvas host sent a message that is neither a response nor an event');
}
