/** Launch flags for Chromium: software WebGL, no background traffic. */
export declare const CHROMIUM_FLAGS: string[];
/** Path of the Chromium to launch, or null to let Playwright use its own. */
export declare function chromiumExecutable(): string | null;
/** How to get a browser, printed when none is found. */
export declare const BROWSER_HELP: string;
