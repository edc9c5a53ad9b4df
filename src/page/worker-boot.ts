// What an instrumented worker runs first. The hook is one function (hook-main.ts) whose
// own source text (Function.prototype.toString) is the whole hook bundle, so a frame and a
// hooked worker alike can instrument the workers they start. The wrapper calls it with
// the boot data below and then loads the original script:
//
// - classic: one script, `importScripts(original)` after the hook, with the native
//   importScripts captured before the hook replaces it, unless the hook's vet (left on
//   the boot object) refuses the script;
// - module: a module whose first static import is the hook and whose second is the
//   original. Imports evaluate in order, and the original's own relative imports resolve
//   against its real URL. When the page's rules judge script text, the original is
//   instead imported dynamically once the hook's vet has read and allowed it; the hook
//   then holds back its hello, which releases the page's messages, until the original
//   has run its top level, as a static import would have.
import type { PageConfig } from '../engine/protocol';
import { apply } from './intrinsics';
import { encodeJson, type JsonValue } from './json-text';

export type WorkerContext = 'worker' | 'shared-worker';

export interface WorkerBoot {
  /** The first message carrying exactly this string hands the worker its report port. */
  token: string;
  /** The original script URL, absolute: base for the worker's relative URLs, `url` of its findings. */
  url: string;
  context: WorkerContext;
  frameUrl: string;
  host: string;
  origin: string;
  /** The page config when the worker was started; null until the bridge has answered. */
  config: PageConfig | null;
}

/** What the hook leaves on the boot object for the wrapper; absent when the worker was hooked already. */
export interface BootHandles {
  vet?(source: string): boolean;
  vetModule?(source: string): Promise<boolean>;
  /** The original module has run its top level (or was refused). */
  loaded?(): void;
}

const encodeUri = encodeURIComponent;
const stringReplace = String.prototype.replace;
const SCRIPT_END = /<\/script/gi;

/** A JS expression for `value`, safe to splice into script text. */
function literal(value: JsonValue): string {
  return apply(stringReplace, encodeJson(value), [SCRIPT_END, '<\\/script']) as string;
}

/** `(<hook>)(<boot>);`: runs the hook in the worker's global scope. */
export function hookCall(hookSource: string, boot: WorkerBoot): string {
  return `(${hookSource})(${literal(boot as unknown as JsonValue)});\n`;
}

export function classicWrapper(hookSource: string, boot: WorkerBoot, scriptUrl: string): string {
  const url = literal(scriptUrl);
  return `(function (load) {\nvar boot = ${literal(boot as unknown as JsonValue)};\n(${hookSource})(boot);\n`
    + `if (!boot.vet || boot.vet(${url})) load(${url});\n})(importScripts);\n`;
}

export function moduleWrapper(hookModuleUrl: string, scriptUrl: string): string {
  return `import ${literal(hookModuleUrl)};\nimport ${literal(scriptUrl)};\n`;
}

/** The hook as a module that hands its vet to the wrapper below. */
export function vettingHookModule(hookSource: string, boot: WorkerBoot): string {
  return `const boot = ${literal(boot as unknown as JsonValue)};\n(${hookSource})(boot);\nexport const vet = boot.vetModule, loaded = boot.loaded;\n`;
}

export function vettedModuleWrapper(hookModuleUrl: string, scriptUrl: string): string {
  const url = literal(scriptUrl);
  return `import { vet, loaded } from ${literal(hookModuleUrl)};\n`
    + `try {\n  if (!vet || await vet(${url})) await import(${url});\n} finally {\n  if (loaded) loaded();\n}\n`;
}

/** data: workers stay data: (an opaque origin) rather than gaining the page's origin through a blob:. */
export function dataUrl(text: string): string {
  return `data:text/javascript;charset=utf-8,${encodeUri(text)}`;
}
