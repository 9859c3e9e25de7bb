/**
 * A mistake of the person at the keyboard (unknown command or option, missing -o, unknown template,
 * unreadable template JSON, unwritable output): printed as one Chinese message, exit status 2, no stack.
 * Any other exception is a bug.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Exit statuses of every command. */
export const EXIT = {
  /** every input valid / accepted */
  ok: 0,
  /** some input invalid, rejected, missing or unreadable */
  inputProblems: 1,
  /** usage error */
  usage: 2,
  /** a bug: an unexpected exception */
  internal: 3,
} as const;
