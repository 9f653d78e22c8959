/**
 * A dataset that cannot be found, downloaded or read. The message always starts with
 * the file (or folder) concerned, and `file` holds it for callers that show it apart.
 * A load that throws this has loaded nothing: no half-read dataset is ever returned.
 */
export class DatasetError extends Error {
  constructor(
    /** The file or folder concerned, as a path or a URL. */
    readonly file: string,
    /** What is wrong with it, without the file name. */
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'DatasetError';
  }
}
