// Copies a BufferSource at call time, the way the engine itself does. The hook then
// analyses the copy and hands that same copy to the native function, so a page cannot
// swap the bytes between our check and compilation (nor lie about them through patched
// `byteOffset`/`buffer` getters: whatever we read is exactly what gets compiled).
import { apply, getterOf, isView, NativeUint8Array } from './intrinsics';

const typedArrayProto = Reflect.getPrototypeOf(Uint8Array.prototype) as object;
const viewBuffer = getterOf(typedArrayProto, 'buffer')!;
const viewOffset = getterOf(typedArrayProto, 'byteOffset')!;
const viewLength = getterOf(typedArrayProto, 'byteLength')!;
const dataViewBuffer = getterOf(DataView.prototype, 'buffer')!;
const dataViewOffset = getterOf(DataView.prototype, 'byteOffset')!;
const dataViewLength = getterOf(DataView.prototype, 'byteLength')!;
const arrayBufferLength = getterOf(ArrayBuffer.prototype, 'byteLength')!;
const sharedBufferLength = typeof SharedArrayBuffer === 'function' ? getterOf(SharedArrayBuffer.prototype, 'byteLength') : undefined;
const u8Set = Uint8Array.prototype.set;
const u8Length = getterOf(typedArrayProto, 'length')!;

function isBuffer(value: object, lengthGetter: ((this: unknown) => unknown) | undefined): boolean {
  if (!lengthGetter) return false;
  try {
    apply(lengthGetter, value, []);
    return true;
  } catch {
    return false;
  }
}

/**
 * The bytes of an ArrayBuffer, SharedArrayBuffer, typed array or DataView, copied;
 * null for anything else (the caller then lets the native function raise its own TypeError).
 * Brand checks go through the built-in getters, so look-alike objects are not accepted.
 */
export function copyBufferSource(value: unknown): Uint8Array | null {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return null;
  let view: Uint8Array;
  try {
    if (apply(isView, undefined, [value])) {
      let typed = true;
      try {
        apply(viewBuffer, value, []);
      } catch {
        typed = false;
      }
      // No destructuring: it goes through the page-writable array iterator.
      const buffer = apply(typed ? viewBuffer : dataViewBuffer, value, []) as ArrayBuffer;
      const offset = apply(typed ? viewOffset : dataViewOffset, value, []) as number;
      const length = apply(typed ? viewLength : dataViewLength, value, []) as number;
      view = new NativeUint8Array(buffer, offset, length);
    } else if (isBuffer(value, arrayBufferLength) || isBuffer(value, sharedBufferLength)) {
      view = new NativeUint8Array(value as ArrayBuffer);
    } else {
      return null;
    }
  } catch {
    // A detached buffer: the engine reads it as empty.
    return new NativeUint8Array(0);
  }
  // Not `slice`: it builds its result through the page-writable `constructor`/@@species.
  const copy = new NativeUint8Array(apply(u8Length, view, []) as number);
  apply(u8Set, copy, [view]);
  return copy;
}
