/** Kept in step with package.json's version (a test checks it). */
export const TIERSIM_VERSION = "0.1.0";
