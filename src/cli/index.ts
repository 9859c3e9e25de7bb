/** The command line as a library: the entry point, each command, and the error class that marks a user's mistake. */
export { main, usage, COMMANDS, type Command } from "./cli";
export { UsageError, EXIT } from "./errors";
export { processIo, bufferIo, type CliIo, type Output } from "./io";
export { templatesCommand } from "./commands/templates";
export { templateCommand } from "./commands/template";
export { validateCommand, type ValidateJson } from "./commands/validate";
export { consolidateCommand, type ConsolidateJson } from "./commands/consolidate";
export { parseRoster } from "../core/roster";
export { learnCommand } from "./commands/learn";
export { resolveTemplate } from "./template-arg";
