/**
 * Size probe (bundled alone by the bench): the task pane's file-reading Web Worker exactly as it is built —
 * the reader, template detection, validation, and the schema that checks templates embedded in received
 * workbooks. Templates arrive by message, so the built-in ones are not in it.
 */
import "../../src/taskpane/read-worker";
