/** Debian packages missing for the browser tests (chromium, util-linux), given the Chromium path. */
export function missingPackages(chromium: string, exists?: (path: string) => boolean): string[];
/** Installs the missing packages when this user may (root / passwordless sudo); else exits with the command. */
export function ensureTestPackages(chromium: string, customPath: string | undefined): void;
