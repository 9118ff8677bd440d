// The API client machinery controllers and the scheduler build on.
export * from './types.ts';
export { createHttpClient } from './http-client.ts';
export type { HttpClientConfig } from './http-client.ts';
export { createInformerFactory } from './informer.ts';
export { waitForCacheSync } from './cache-sync.ts';
export { createWorkQueue } from './work-queue.ts';
export type { WorkQueueOptions } from './work-queue.ts';
export { createEventRecorder } from './event-recorder.ts';
