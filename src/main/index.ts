import { startDesktopApp } from './app';

/** The Electron main process's entry (electron.vite.config.ts builds it to out/main/index.js). */
startDesktopApp();
