// Settings are merged one level deep: `tunnel` and `match` are patched field by field.
import type { SettingsPatch } from '../contract/api';
import type { Settings } from '../contract/model';

export function mergeSettings(base: Settings, patch: SettingsPatch): Settings {
  return {
    ...base,
    ...stripUndefined(patch),
    tunnel: { ...base.tunnel, ...stripUndefined(patch.tunnel ?? {}) },
    match: { ...base.match, ...stripUndefined(patch.match ?? {}) },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
