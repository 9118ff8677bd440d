// The authenticated user of the request being handled, for admission plugins that
// judge by who writes (NodeRestriction). The registry's admission interface stays
// user-agnostic; the user travels with the request's async context instead.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { UserInfo } from '../auth.ts';

export const requestUser = new AsyncLocalStorage<UserInfo>();
