/** Where commands print: process.stdout/stderr in the terminal, string buffers in tests. */
import { terminalOutput } from "./terminal";

export interface Output {
  write(text: string): unknown;
}

export interface CliIo {
  stdout: Output;
  stderr: Output;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr };
}

/** io that collects what a command prints */
export function bufferIo(): CliIo & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    out: () => out,
    err: () => err,
  };
}

/**
 * io that never lets a control character through (ESC sequences, carriage returns, bidi overrides …):
 * the last line of defence behind the commands, which already print received text with terminalText.
 */
export function safeIo(io: CliIo): CliIo {
  const wrap = (o: Output): Output => ({ write: (t: string) => o.write(terminalOutput(String(t))) });
  return { stdout: wrap(io.stdout), stderr: wrap(io.stderr) };
}
