import { z } from 'zod';

/**
 * The machinery every UI↔engine service goes through. A service is a list of methods,
 * each one entry: the schema of its argument list (a zod tuple, or a union of tuples for
 * optional trailing arguments) and, as a type only, what it answers. From that one entry
 * come the method's TypeScript type (`ServiceApi`), the client that calls it over any
 * transport (`createServiceClient`) and the server-side check that refuses bad arguments
 * before the implementation sees them (`dispatchServiceCall`).
 *
 * Schemas must not transform their input: the client sends the schema's input type and the
 * implementation receives its output type, so the two must be the same.
 */

/**
 * An argument-list schema: a tuple. Trailing `.optional()` items are optional arguments: a
 * call may leave them off, and the method's type marks them optional.
 */
export type ArgumentsSchema = z.ZodTuple<[] | [z.ZodTypeAny, ...z.ZodTypeAny[]], null>;

/** One method: the schema of its arguments, and the type of its answer (carried by `returns`). */
export interface MethodSpec<Args extends ArgumentsSchema = ArgumentsSchema, Result = unknown> {
  readonly args: Args;
  /** The largest call a transport that counts bytes (the host's WebSocket) accepts; its default where absent. */
  readonly maxCallBytes?: number;
  /** Never set: it only carries the answer's type. */
  readonly result?: () => Result;
}

/** Says what a method answers, for `method(args, returns<T>())`. */
export function returns<T>(): { readonly result?: () => T } {
  return {};
}

/** One entry of a service: its argument schema and the type of its answer. */
export function method<Args extends ArgumentsSchema, Result>(args: Args, _answer: { readonly result?: () => Result }, limits: { readonly maxCallBytes?: number } = {}): MethodSpec<Args, Result> {
  return limits.maxCallBytes === undefined ? { args } : { args, maxCallBytes: limits.maxCallBytes };
}

export type MethodTable = Readonly<Record<string, MethodSpec>>;

export interface ServiceDefinition<M extends MethodTable> {
  /** How messages name the service: "Unknown API method …". */
  readonly title: string;
  readonly methods: M;
  /** The method names, in the order they were defined. */
  readonly names: readonly (keyof M & string)[];
}

export function defineService<M extends MethodTable>(title: string, methods: M): ServiceDefinition<M> {
  return { title, methods, names: Object.keys(methods) as (keyof M & string)[] };
}

/** `[a, b | undefined]` → `[a, b?]`: trailing arguments that may be undefined may be left off. */
type OptionalTail<T extends readonly unknown[]> = T extends readonly [...infer Head, infer Last] ? (undefined extends Last ? [...OptionalTail<Head>, Last?] : T) : T;
type ArgsOf<S> = S extends MethodSpec<infer A, unknown> ? OptionalTail<z.output<A>> : never;
type ResultOf<S> = S extends MethodSpec<ArgumentsSchema, infer R> ? R : never;

/** The service as TypeScript sees it: each method takes its schema's arguments and answers a promise. */
export type ServiceApi<M extends MethodTable> = { [K in keyof M]: (...args: ArgsOf<M[K]>) => Promise<ResultOf<M[K]>> };

/** A refusal by a service: unknown method or bad arguments. Its message names both. */
export class ApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The fewest arguments a method takes: its items before the trailing optional ones. */
function fewestArguments(spec: MethodSpec): number {
  const items = spec.args.items as z.ZodTypeAny[];
  let fewest = items.length;
  while (fewest > 0 && items[fewest - 1].isOptional()) fewest--;
  return fewest;
}

/**
 * Checks one call as it arrived over a transport: the method must be the service's own, the
 * arguments must pass its schema. Returns the checked arguments or throws an ApiError whose
 * message names the method and the bad argument (`predict: argument 0.pixels: …`).
 */
export function checkServiceCall<M extends MethodTable>(service: ServiceDefinition<M>, name: unknown, args: unknown): { method: keyof M & string; args: unknown[] } {
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(service.methods, name)) {
    throw new ApiError(`Unknown ${service.title} method ${JSON.stringify(name)}; known: ${service.names.join(', ')}`);
  }
  const spec = service.methods[name];
  const most = spec.args.items.length;
  let list = args;
  if (Array.isArray(args)) {
    const fewest = fewestArguments(spec);
    if (args.length < fewest || args.length > most) {
      const wanted = fewest === most ? String(most) : `${fewest} to ${most}`;
      throw new ApiError(`${name}: expected ${wanted} argument${wanted === '1' ? '' : 's'}, got ${args.length}`);
    }
    // Left-off optional arguments are undefined, as in a direct call.
    list = [...args, ...Array<undefined>(most - args.length).fill(undefined)];
  }
  const parsed = spec.args.safeParse(list);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first.path.length ? `argument ${first.path.join('.')}` : 'arguments';
    throw new ApiError(`${name}: ${where}: ${first.message}`);
  }
  return { method: name, args: parsed.data as unknown[] };
}

/** Every call fits in this unless its entry says more (a predict's 784 values, a run's notes, a document). */
export const DEFAULT_CALL_BYTES = 16 * 1024;

/**
 * The largest call to `name` a transport accepts (its entry's `maxCallBytes`); an unknown
 * name gets the default, and dispatch refuses it by name. The host's WebSocket counts a
 * frame's bytes against it, the desktop's IPC the arguments' `callSize`.
 */
export function serviceCallBytes<M extends MethodTable>(service: ServiceDefinition<M>, name: string): number {
  const methods: Readonly<Record<string, MethodSpec>> = service.methods;
  return (Object.prototype.hasOwnProperty.call(methods, name) ? methods[name].maxCallBytes : undefined) ?? DEFAULT_CALL_BYTES;
}

/**
 * The size of a call's arguments as a transport that passes values, not text (Electron's
 * IPC), sees them: about as many bytes as their JSON, each string counted by its length
 * plus its quotes, each byte array by its bytes. The walk keeps its own stack (any depth is
 * safe) and stops as soon as the count passes `limit`, so a huge or cyclic value costs no
 * more than `limit` to measure; the answer is then `limit + 1`.
 */
export function callSize(value: unknown, limit: number): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') total += v.length + 2;
    else if (typeof v === 'number' || typeof v === 'bigint') total += String(v).length;
    else if (v === null || typeof v !== 'object') total += 5;
    else if (ArrayBuffer.isView(v)) total += v.byteLength;
    else if (v instanceof ArrayBuffer) total += v.byteLength;
    else if (Array.isArray(v)) {
      total += 2 + v.length;
      for (let i = v.length - 1; i >= 0 && total <= limit; i--) stack.push(v[i]);
    } else {
      const keys = Object.keys(v);
      total += 2;
      for (let i = keys.length - 1; i >= 0 && total <= limit; i--) {
        total += keys[i].length + 4;
        stack.push((v as Record<string, unknown>)[keys[i]]);
      }
    }
    if (total > limit) return limit + 1;
  }
  return total;
}

/** Checks a call (see `checkServiceCall`) and runs it on the implementation. */
export async function dispatchServiceCall<M extends MethodTable>(service: ServiceDefinition<M>, implementation: ServiceApi<M>, name: unknown, args: unknown): Promise<unknown> {
  const checked = checkServiceCall(service, name, args);
  const fn = implementation[checked.method] as unknown as (...a: unknown[]) => Promise<unknown>;
  return fn.apply(implementation, checked.args);
}

/** A way to reach a service: one call, by method name, with its arguments as a list. */
export interface CallTransport {
  call(method: string, args: readonly unknown[]): Promise<unknown>;
}

/**
 * The service over a transport: each method becomes one call with its arguments as a list.
 * Trailing `undefined` optional arguments are left off (JSON would turn them into `null`).
 */
export function createServiceClient<M extends MethodTable>(service: ServiceDefinition<M>, transport: CallTransport): ServiceApi<M> {
  const client: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of service.names) {
    const fewest = fewestArguments(service.methods[name]);
    client[name] = (...args: unknown[]) => {
      let length = args.length;
      while (length > fewest && args[length - 1] === undefined) length--;
      return transport.call(name, args.slice(0, length));
    };
  }
  return client as unknown as ServiceApi<M>;
}
