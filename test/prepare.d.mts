/** Debian packages missing for the browser tests (chromium, util-linux), given the Chromium path. */
export function missingPackages(chromium: string, exists?: (path: string) => boolean): string[];
/**
 * Exits at once (with the command to type) when packages are missing and this user cannot install
 * them; otherwise returns the install's outcome as a promise (resolved at once when none is missing).
 */
export function ensureTestPackages(chromium: string, customPath: string | undefined): Promise<{ ok: boolean; message: string }>;
