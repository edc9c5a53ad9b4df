export declare function pageHookDeclarations(options: {
  srcRoot: string;
  /** Relative to srcRoot, e.g. 'page/hook-main.ts'. */
  entry: string;
  /** The `var` the entry's exports are kept in. */
  name: string;
  minify?: boolean;
  logLevel?: 'info' | 'warn' | 'error' | 'silent';
}): Promise<string>;
