import { describe, expect, it } from 'vitest';
import { projectFileName as fileName, MAX_PROJECT_NAME, projectNameProblem } from '../../src/core/graph/projectName';
import { PROJECT_FILES_SERVICE } from '../../src/core/api/projectFiles';

/** The service's own file-name rule: a name Save As accepts must pass it too (the desktop main process checks it). */
function serviceAccepts(name: string): boolean {
  const check = PROJECT_FILES_SERVICE.methods.exportFile.args;
  return check.safeParse(['x', name, 'application/json']).success;
}

describe('projectNameProblem: what Save As refuses, and why', () => {
  it.each([
    { what: 'an empty name', typed: '', says: 'Type a name for the project' },
    { what: 'only spaces', typed: '   ', says: 'Type a name for the project' },
    { what: 'only the extension', typed: '.netcanvas.json', says: 'Type a name for the project' },
    { what: 'a folder separator', typed: 'a/b', says: "A file name cannot hold '/'" },
    { what: 'a backslash', typed: 'a\\b', says: "A file name cannot hold '\\'" },
    { what: 'a Windows-reserved character', typed: 'what?', says: "A file name cannot hold '?'" },
    { what: 'a control character', typed: 'a\tb', says: 'A file name cannot hold control characters' },
    { what: 'dots only', typed: '..', says: "'..' is not a file name" },
    { what: 'a trailing dot', typed: 'model.', says: 'A file name cannot end with a dot' },
    { what: 'a name too long for a file', typed: 'x'.repeat(MAX_PROJECT_NAME + 1), says: `at most ${MAX_PROJECT_NAME} fit in a file name` },
  ])('refuses $what', ({ typed, says }) => {
    expect(projectNameProblem(typed)).toContain(says);
  });

  it.each(['Book CNN', 'Book CNN.netcanvas.json', '  spaced  ', 'mnist_mlp-2', 'Réseau à 3 couches', 'x'.repeat(MAX_PROJECT_NAME)])('accepts %j, and its file name passes the service’s check', (typed) => {
    expect(projectNameProblem(typed)).toBeNull();
    expect(serviceAccepts(fileName(typed))).toBe(true);
  });
});

describe('projectFileName: the file a project is saved and downloaded as', () => {
  it.each([
    { what: 'a name with a space keeps it (issue 15)', name: 'Book CNN', file: 'Book CNN.netcanvas.json' },
    { what: 'a typed extension is not doubled', name: 'Book CNN.netcanvas.json', file: 'Book CNN.netcanvas.json' },
    { what: 'a .json ending is taken as the extension', name: 'model.json', file: 'model.netcanvas.json' },
    { what: 'characters files cannot hold become -', name: 'a/b: c?', file: 'a-b- c-.netcanvas.json' },
    { what: 'an empty name is Untitled', name: '  ', file: 'Untitled.netcanvas.json' },
    { what: 'trailing dots go', name: 'v1...', file: 'v1.netcanvas.json' },
  ])('$what: $name → $file', ({ name, file }) => {
    expect(fileName(name)).toBe(file);
    expect(serviceAccepts(fileName(name))).toBe(true);
  });
});
