import { ENGINE_SERVICE, type ApiEvent, type NetCanvasApi } from '../../core/api/contract';
import { createServiceClient, type CallTransport } from '../../core/api/service';

/** A way to reach the engine: one call of the API contract, and the stream of its events. */
export interface ApiTransport extends CallTransport {
  /** Returns a function that stops listening. */
  subscribe(listener: (event: ApiEvent) => void): () => void;
}

/** The engine's API over a transport: the generic service client, plus its events. */
export function createApiClient(transport: ApiTransport): NetCanvasApi {
  return { ...createServiceClient(ENGINE_SERVICE, transport), onEvent: (listener) => transport.subscribe(listener) };
}
