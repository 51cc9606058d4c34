/** The application version, shown in the UI and recorded in the audit log. */
export const NITKA_VERSION = '0.1.0';
