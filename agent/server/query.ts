// Query parameters as the API machinery converts them into option structs.

/** Absent is false; any value but `false` or `0` is true (Convert_Slice_string_To_bool), so `?follow` alone counts. */
export function queryBool(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null) return false;
  const lower = value.toLowerCase();
  return lower !== 'false' && lower !== '0';
}
