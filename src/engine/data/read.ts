import { stat } from 'node:fs/promises';
import { readIdxBytes, sha256Hex } from './bytes';
import { DATASET_SOURCES, type DatasetSource, type IdxFileSpec, type IdxRole } from './catalogue';
import { DatasetError } from './errors';
import { parseIdxImages, parseIdxLabels } from './idx';
import type { FoundDataset } from './locate';
import type { DatasetProgress, DatasetSplit, LoadedDataset } from './types';

type Report = (progress: DatasetProgress) => void;

/**
 * Reads and checks a dataset's four files: each is uncompressed (gzip or not) and parsed,
 * the image and label counts of each split must agree, and each file's SHA-256 must be
 * the published one. The checks run in that order, so a damaged file is reported by what
 * is wrong with it before its digest is. Any failure throws a DatasetError naming the file.
 */
export async function readDataset(source: DatasetSource, found: FoundDataset, report: Report): Promise<LoadedDataset> {
  let done = 0;
  report({ stage: 'reading', fraction: 0, message: `Reading ${source.title} from ${found.folder}` });
  const contents = await Promise.all(
    source.files.map(async (spec) => {
      const bytes = await readIdxBytes(found.files[spec.role]);
      done += 1;
      report({ stage: 'reading', fraction: done / source.files.length, message: `Read ${found.files[spec.role]}` });
      return bytes;
    }),
  );
  const bytesOf = (role: IdxRole) => contents[source.files.findIndex((spec) => spec.role === role)];

  const train = split(found, bytesOf, 'trainImages', 'trainLabels');
  const test = split(found, bytesOf, 'testImages', 'testLabels');

  source.files.forEach((spec, i) => {
    report({ stage: 'verifying', fraction: i / source.files.length, message: `Checking the SHA-256 of ${found.files[spec.role]}` });
    checkDigest(source, spec, contents[i], found.files[spec.role]);
  });
  report({ stage: 'verifying', fraction: 1, message: `${source.title} checked: ${train.count} training and ${test.count} test images` });
  return { name: source.name, location: found.folder, train, test };
}

function split(found: FoundDataset, bytesOf: (role: IdxRole) => Uint8Array, imagesRole: IdxRole, labelsRole: IdxRole): DatasetSplit {
  const imagesFile = found.files[imagesRole];
  const labelsFile = found.files[labelsRole];
  const images = parseIdxImages(bytesOf(imagesRole), imagesFile);
  const labels = parseIdxLabels(bytesOf(labelsRole), labelsFile);
  if (images.count !== labels.length) {
    throw new DatasetError(imagesFile, `holds ${images.count} images but ${labelsFile} holds ${labels.length} labels; the two must agree`);
  }
  return { images: images.pixels, labels, count: images.count };
}

/** Refuses content whose SHA-256 is not the published one, and says whose file it is when it is another dataset's. */
export function checkDigest(source: DatasetSource, spec: IdxFileSpec, content: Uint8Array, file: string): void {
  const digest = sha256Hex(content);
  if (digest === spec.sha256) return;
  const owner = Object.values(DATASET_SOURCES)
    .flatMap((other) => other.files.map((f) => ({ other, f })))
    .find(({ f }) => f.sha256 === digest);
  if (owner) {
    throw new DatasetError(file, `is ${owner.other.title}'s ${owner.f.name}, not ${source.title}'s ${spec.name}`);
  }
  throw new DatasetError(file, `SHA-256 is ${digest}, not the published ${spec.sha256} of ${source.title}'s ${spec.name}: the file is corrupt or not ${source.title}`);
}

/** Changes when any of the files is replaced, so an in-memory copy is not used past it. */
export async function filesSignature(found: FoundDataset): Promise<string> {
  const parts = await Promise.all(
    Object.values(found.files).map(async (file) => {
      try {
        const info = await stat(file);
        return `${file}:${info.size}:${info.mtimeMs}`;
      } catch {
        return `${file}:missing`;
      }
    }),
  );
  return parts.join('|');
}
