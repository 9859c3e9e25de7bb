export interface Certificate {
  key: string;
  cert: string;
  validTo: string;
  source: "env" | "office-addin-dev-certs" | "cache" | "selfsigned" | "openssl";
  /** false for self-signed certificates that browsers and Office will not trust */
  trusted: boolean;
  /** where it came from, in Chinese */
  description: string;
}

export function getCertificate(): Promise<Certificate | null>;
export function generateSelfSigned(): Promise<Certificate | null>;
export function findExistingCertificate(): Certificate | null;
export const CACHE_FILE: string;
