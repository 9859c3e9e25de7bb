/** The task pane's Content-Security-Policy (meta tag and server header). */
export const CSP: string;
export const CSP_DIRECTIVES: Readonly<Record<string, string[]>>;
