import { afterAll, beforeAll, expect } from 'vitest';
import { startApp, type App } from './app';

/**
 * The app for a describe block: started before its tests, closed after them, the page's
 * errors asserted none. Returns the running app (call it inside a test).
 */
export function appForSuite(options?: Parameters<typeof startApp>[0]): () => App {
  let app: App | undefined;
  beforeAll(async () => {
    app = await startApp(options);
  });
  afterAll(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
  });
  return () => {
    if (!app) throw new Error('the app has not started (appForSuite runs in a describe block)');
    return app;
  };
}
