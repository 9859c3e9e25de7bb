/**
 * The web page's imported templates, kept across reloads in the browser's IndexedDB (idb-keyval), each
 * with the file it came from and the day it was imported. Loaded lazily (lazy.ts → "template-store").
 * What is read back is checked with the template schema again: a stored entry that no longer parses
 * (an older build, a damaged store) is skipped, never shown half-valid.
 */
import { createStore, del, entries, set, type UseStore } from "idb-keyval";
import { parseTemplateText } from "../messages/template-zh-CN";
import type { ImportedTemplate } from "./actions";

let store: UseStore | undefined;
const templateStore = () => (store ??= createStore("campaign-stats", "imported-templates"));

export async function listImportedTemplates(): Promise<ImportedTemplate[]> {
  const all = await entries<string, { template: unknown; fileName?: unknown; importedAt?: unknown }>(templateStore());
  return all.flatMap(([, v]) => {
    const parsed = parseTemplateText(JSON.stringify(v?.template ?? null));
    if (!parsed.ok) return [];
    return [{ template: parsed.template, fileName: String(v.fileName ?? ""), importedAt: String(v.importedAt ?? "") }];
  });
}

export async function saveImportedTemplate(entry: ImportedTemplate): Promise<void> {
  await set(entry.template.id, entry, templateStore());
}

export async function removeImportedTemplate(id: string): Promise<void> {
  await del(id, templateStore());
}
