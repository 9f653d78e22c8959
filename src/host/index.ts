/** The browser host: the renderer and the API contract over HTTP and a WebSocket. */
export { startHost, HostError, BUILD_RENDERER_HINT, type HostOptions, type RunningHost } from './startHost';
export { isLoopbackAddress } from './access';
