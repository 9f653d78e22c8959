/**
 * Run names: by default the project's name and the next number (`MNIST MLP #3`), so two
 * runs of one project can be told apart in the run list and the comparison legend.
 */

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The number in `NAME #N`, or null for a name that is not the project's numbered form. */
export function runNumber(project: string, name: string): number | null {
  const match = new RegExp(`^${escapeRegExp(project)} #(\\d+)$`).exec(name);
  return match ? Number(match[1]) : null;
}

/** The next default name for a run of `project`, after the names already taken: one more than the highest number. */
export function nextRunName(project: string, taken: Iterable<string>): string {
  let highest = 0;
  for (const name of taken) highest = Math.max(highest, runNumber(project, name) ?? 0);
  return `${project} #${highest + 1}`;
}
