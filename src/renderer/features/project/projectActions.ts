import { fingerprintChange } from '../../../core/data/choices';
import { ownDataOf } from '../training/trainingStore';
import { DocumentError } from '../../../core/graph/errors';
import type { GraphDocument } from '../../../core/graph/document';
import { serializeDocument } from '../../../core/graph/load';
import { openGraphText } from '../../../core/graph/open';
import { autoLayout } from '../../editor/edits';
import type { Platform, ProjectFile } from '../../platform/platform';
import { analysisOf, documentStore, isDirty } from '../../state/documentStore';
import { useUi } from '../../state/uiStore';
import { fitAfterLayout, viewport } from '../canvas/viewport';
import { commandDefinition } from '../../../core/commands/definitions';
import { formatShortcut } from '../../../core/commands/shortcut';
import { isLongLine } from '../../../core/graph/layout';
import { messageOf } from '../../../core/messageOf';
import { bareProjectName, projectFileName, projectNameProblem } from '../../../core/graph/projectName';
import { rename } from '../../editor/edits';
import { MAX_IMPORT_MODEL_BYTES } from '../../../core/api/contract';
import { toBase64 } from '../data/upload';

const MIB = 1024 * 1024;

export { PROJECT_EXTENSION } from '../../../core/graph/projectName';

const toast = (...args: Parameters<ReturnType<typeof useUi.getState>['toast']>): void => useUi.getState().toast(...args);

/** Asks before dropping unsaved changes. */
async function mayDiscard(platform: Platform): Promise<boolean> {
  return !isDirty(documentStore.getState()) || platform.confirm('The project has unsaved changes. Discard them?');
}

/** The file a project is saved or downloaded as: named after the project (`Book CNN` → `Book CNN.netcanvas.json`). */
export function suggestedName(doc: GraphDocument): string {
  return projectFileName(doc.name);
}

/** Starts over from a document (a template or blank). */
export async function newProject(platform: Platform, doc: GraphDocument): Promise<void> {
  if (!(await mayDiscard(platform))) return;
  documentStore.getState().open(doc, null);
  useUi.getState().setView('design');
  fitAfterLayout();
}

/**
 * Opens a project or imports a Keras / tfjs model, or an ONNX model (through the engine,
 * which keeps its weights as the graph's starting point). A file that cannot be read is
 * refused with its message and the open project stays as it was.
 */
export async function openFile(platform: Platform, file: ProjectFile): Promise<boolean> {
  if (file.bytes !== undefined || /\.onnx$/i.test(file.name)) return importModelFile(platform, file);
  let opened;
  try {
    opened = openGraphText(file.text, file.name);
  } catch (error) {
    const message = error instanceof DocumentError ? error.message : `Could not open ${file.name}: ${messageOf(error)}`;
    toast('error', `${file.name} was not opened`, message);
    return false;
  }
  const store = documentStore.getState();
  if (opened.source === 'netcanvas') {
    store.open(opened.document, { name: file.name, path: file.path });
    toast('success', `Opened ${file.name}`);
    offerArrange(opened.document);
  } else {
    store.open(autoLayout(opened.document, { aspect: viewport.aspect() }), null, true);
    const notes = opened.notes.map((n) => `${n.layer}: ${n.what}`);
    useUi.getState().showImportReport({
      title: `Imported ${file.name} (${opened.source === 'keras' ? 'Keras' : 'TensorFlow.js'} model)`,
      notes,
    });
  }
  useUi.getState().setView('design');
  fitAfterLayout();
  return true;
}

/** Offers Arrange layout when a graph opens laid out as one long line (fitted, a sliver; its minimap a line). */
function offerArrange(doc: GraphDocument): void {
  if (!isLongLine(doc.nodes.map((n) => n.position), viewport.aspect())) return;
  const arrange = commandDefinition('view.layout')!;
  const keys = (arrange.shortcuts ?? []).map((s) => formatShortcut(s)).join(' or ');
  toast('info', `${doc.nodes.length} layers in one long line`, `${arrange.label} (${keys}) wraps the graph into columns that fit the screen, as one undo step.`);
}

/**
 * Imports an ONNX model: the engine makes the graph and keeps the file's weights as a run the
 * graph's training starts from (`training.startingWeights`); the report says so. A file the
 * engine refuses (every operator that does not map, by name) leaves the project as it was.
 */
async function importModelFile(platform: Platform, file: ProjectFile): Promise<boolean> {
  const bytes = file.bytes ?? new Uint8Array();
  if (bytes.byteLength > MAX_IMPORT_MODEL_BYTES) {
    toast('error', `${file.name} was not opened`, `It is ${(bytes.byteLength / MIB).toFixed(1)} MiB; the app imports ONNX models of at most ${MAX_IMPORT_MODEL_BYTES / MIB} MiB (\`netcanvas train ${file.name}\` reads larger ones).`);
    return false;
  }
  let imported;
  try {
    imported = await platform.api.importModel({ name: file.name, base64: toBase64(bytes) });
  } catch (error) {
    toast('error', `${file.name} was not opened`, messageOf(error));
    return false;
  }
  documentStore.getState().open(autoLayout(imported.document), null, true);
  useUi.getState().showImportReport({ title: `Imported ${file.name} (ONNX model)`, notes: imported.notes, startingWeights: file.name });
  useUi.getState().setView('design');
  fitAfterLayout();
  return true;
}

/**
 * Says, on opening, when the data the project refers to is missing or has changed since the
 * graph was made for it (its fingerprint), so nothing trains on other data unnoticed.
 */
export async function checkProjectData(platform: Platform): Promise<void> {
  const { doc, file } = documentStore.getState();
  const was = doc.dataset.file?.fingerprint;
  if (!was) return;
  try {
    const data = ownDataOf(doc, file?.path)!;
    const change = fingerprintChange(was, await platform.api.fingerprintData({ path: data.path }));
    if (change) toast('info', `${doc.dataset.file!.path} has changed`, `${change}; training uses it as it is now. Open it in the Data view to see it again.`);
  } catch (error) {
    toast('error', `The project's data cannot be read`, `${messageOf(error)}. Pick the data again in the Data view.`);
  }
}

export async function openProject(platform: Platform): Promise<void> {
  if (!(await mayDiscard(platform))) return;
  try {
    const file = await platform.openProject();
    if (file && (await openFile(platform, file))) void checkProjectData(platform);
  } catch (error) {
    toast('error', 'Could not open the file', messageOf(error));
  }
}

export async function openRecent(platform: Platform, path: string): Promise<void> {
  if (!(await mayDiscard(platform))) return;
  try {
    if (await openFile(platform, await platform.openRecent(path))) void checkProjectData(platform);
  } catch (error) {
    toast('error', 'Could not open the recent project', messageOf(error));
  }
}

/**
 * The first setting that would make the saved file unreadable (a value the loader
 * refuses, such as 0 units), as a sentence; null when every layer's settings are valid.
 */
export function unsavableSetting(doc: GraphDocument): string | null {
  const problem = analysisOf(doc).problems.find((p) => p.code === 'invalid-config');
  return problem?.message ?? null;
}

/**
 * Saves the project. On the desktop: to its file, or where the native dialog says (always on
 * Save As). In a browser: into the browser's storage under the project's name, with no
 * download; Save As first asks for a name in the name dialog and renames the project to it.
 * Replacing another project of that name is asked first.
 */
export async function saveProject(platform: Platform, saveAs: boolean): Promise<boolean> {
  if (unsavableNow()) return false;
  let { doc } = documentStore.getState();
  const { file } = documentStore.getState();
  let name = file?.name ?? suggestedName(doc);
  if (platform.kind === 'web') {
    const chosen = saveAs ? await askProjectName(doc.name) : doc.name;
    if (chosen === null) return false;
    name = projectFileName(chosen);
    // Asked before anything changes: No leaves the project as it was, name included.
    if (name !== file?.name && !(await mayReplace(platform, name))) return false;
    if (doc.name !== chosen) documentStore.getState().change((d) => rename(d, chosen), 'record');
    doc = documentStore.getState().doc;
  }
  const text = serializeDocument(doc);
  try {
    const saved = await platform.saveProject(text, { path: file?.path, suggestedName: name, saveAs });
    if (!saved) return false;
    // Only what was written counts as saved: later edits keep the project dirty.
    if (documentStore.getState().doc === doc) documentStore.getState().markSaved(saved);
    await platform.clearRecovery().catch(() => undefined);
    toast('success', platform.kind === 'web' ? `Saved ${saved.name} in this browser` : `Saved ${saved.name}`);
    return true;
  } catch (error) {
    toast('error', 'Could not save the project', messageOf(error));
    return false;
  }
}

/** Says why the project cannot be saved (a setting the file could not be opened with); true when it cannot. */
function unsavableNow(): boolean {
  const unsavable = unsavableSetting(documentStore.getState().doc);
  if (unsavable) toast('error', 'Fix this setting before saving: the file could not be opened again', unsavable);
  return unsavable !== null;
}

/** Asks for the project's name in the name dialog, prefilled with its name; the bare name taken, or null. */
async function askProjectName(current: string): Promise<string | null> {
  const chosen = await useUi.getState().askName({ title: 'Save project as', initial: bareProjectName(current), confirmLabel: 'Save', problem: projectNameProblem });
  return chosen === null ? null : bareProjectName(chosen);
}

/** Whether saving as `name` may go ahead: yes when no other project has that name in this browser, else the person is asked. */
async function mayReplace(platform: Platform, name: string): Promise<boolean> {
  const kept = await platform.recentProjects().catch(() => []);
  if (!kept.some((p) => p.name === name)) return true;
  return platform.confirm(`A project named '${name}' is already kept in this browser. Replace it?`);
}

/**
 * Downloads the project as a file named after it (`Book CNN.netcanvas.json`), exactly as
 * Save would write it. The project is not marked saved: the download is a copy.
 */
export async function downloadProject(platform: Platform): Promise<boolean> {
  if (unsavableNow()) return false;
  const { doc } = documentStore.getState();
  const name = suggestedName(doc);
  try {
    await platform.exportFile(serializeDocument(doc), name, 'application/json');
    toast('success', `Downloaded ${name}`);
    return true;
  } catch (error) {
    toast('error', 'Could not download the project', messageOf(error));
    return false;
  }
}

/**
 * Reopens the project saved or opened last (a browser reload), unless something else was
 * opened or edited meanwhile. Only a NetCanvas project is reopened: a Keras or tfjs model
 * opened last was an import, whose unsaved graph the recovery copy keeps. A project that no
 * longer opens is said and skipped.
 */
export async function reopenLast(platform: Platform): Promise<void> {
  const before = documentStore.getState().doc;
  let file;
  try {
    file = await platform.reopenLast();
  } catch (error) {
    toast('error', 'Could not reopen the last project', messageOf(error));
    return;
  }
  if (!file || documentStore.getState().doc !== before) return;
  let opened;
  try {
    opened = openGraphText(file.text, file.name);
  } catch (error) {
    toast('error', `${file.name} could not be reopened`, messageOf(error));
    return;
  }
  if (opened.source !== 'netcanvas') return;
  documentStore.getState().open(opened.document, { name: file.name, path: file.path });
  fitAfterLayout();
  void checkProjectData(platform);
}

/** How long the document must rest before the recovery copy is written. */
export const AUTOSAVE_MS = 1500;

/** Writes a recovery copy of unsaved work, debounced; returns the function that stops it. */
export function startAutosave(platform: Platform): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unsubscribe = documentStore.subscribe((state, previous) => {
    if (state.doc === previous.doc) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const now = documentStore.getState();
      const write = isDirty(now) ? platform.saveRecovery(serializeDocument(now.doc)) : platform.clearRecovery();
      write.catch((error: unknown) => toast('error', 'Autosave failed', messageOf(error)));
    }, AUTOSAVE_MS);
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}
