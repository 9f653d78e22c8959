/** The tfjs backends a job can run on: loading them, what they run on, why one does not load. */
export { BackendUnavailable, type BackendDriver } from './backend';
export { activateBackend, BACKEND_DRIVERS, probeBackends, type ActiveBackend } from './select';
