/** Set by esbuild from package.json (esbuild.js `define`); `dev` when run from source (tsx, tests). */
declare const STACKPILOT_VERSION: string | undefined;
export const version = typeof STACKPILOT_VERSION === 'string' ? STACKPILOT_VERSION : 'dev';
