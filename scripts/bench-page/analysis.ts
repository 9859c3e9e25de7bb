/** Size probe (bundled alone by the bench): reading + templates + core, what the page needs to check and add up files. */
import { consolidate } from "../../src/core";
import { analyzeWorkbookBytes } from "../../src/files/workbook";
import { BUILTIN_TEMPLATES } from "../../src/templates";

Object.assign(window, { analyzeWorkbookBytes, consolidate, BUILTIN_TEMPLATES });
