import type { Server } from "node:http";

export interface StaticServerOptions {
  /** folder to serve (e.g. dist/) */
  root: string;
  /** default 3000; 0 picks a free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** key and certificate (PEM) for https; plain http when absent */
  https?: { key: string | Buffer; cert: string | Buffer } | null | false;
}

export interface StaticServer {
  /** e.g. "https://localhost:3000/" (ends with "/") */
  url: string;
  port: number;
  host: string;
  protocol: "http" | "https";
  server: Server;
  close(): Promise<void>;
}

export function createStaticServer(options: StaticServerOptions): Promise<StaticServer>;
export const MIME_TYPES: Readonly<Record<string, string>>;
export function mimeType(file: string): string;
