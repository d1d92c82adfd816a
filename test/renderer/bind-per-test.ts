// Every renderer test starts from an empty store and leaves no binding or DOM behind it.
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import type { HookscopeApi } from '../../src-main/contract/api';
import { bindApi, type BindOptions, type Binding, type ConnectionAware } from '../../src-renderer/src/state/bind-api';
import { resetStore } from '../../src-renderer/src/state/store';

/** Rows and groups applied in a microtask instead of the next animation frame. */
export const MICROTASK_FRAMES: BindOptions = { schedule: (f) => (queueMicrotask(f), () => undefined) };

/** Registers the per-test reset and returns `bind`, whose binding is undone after each test. */
export function bindPerTest(): (api: HookscopeApi & ConnectionAware, opts?: BindOptions) => Binding {
  let binding: Binding | undefined;
  beforeEach(() => resetStore());
  afterEach(() => {
    binding?.unbind();
    binding = undefined;
    cleanup();
  });
  return (api, opts) => (binding = bindApi(api, opts));
}
