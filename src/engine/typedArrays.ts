// Struct-of-arrays storage grows by copying each column into a longer array (zeros beyond the old length).

export function resizedFloat64(old: Float64Array | undefined, length: number): Float64Array {
  const a = new Float64Array(length);
  if (old) a.set(old);
  return a;
}

export function resizedInt32(old: Int32Array | undefined, length: number): Int32Array {
  const a = new Int32Array(length);
  if (old) a.set(old);
  return a;
}
