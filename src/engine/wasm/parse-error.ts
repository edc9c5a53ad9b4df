import type { WasmError } from './report-types';

/** Internal only: unwinds the section parsers to the single catch in the scanner. */
export class ParseError extends Error {
  constructor(readonly code: string, message: string, readonly offset: number) {
    super(message);
  }

  toWasmError(): WasmError {
    return { code: this.code, message: this.message, offset: this.offset };
  }
}
