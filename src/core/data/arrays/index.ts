/** NumPy arrays as NetCanvas reads them: `.npy` files and `.npz` archives. Pure: bytes in, arrays out. */
export { ArrayFileError, DEFAULT_NPY_LIMITS, parseNpy, parseNpyHeader } from './npy';
export type { NpyLimits, NumpyArray } from './npy';
export { ARRAY_ENTRIES, arrayDataset, DEFAULT_ARRAY_LIMITS, readNpz } from './dataset';
export type { ArrayDataset, ArrayEntry, ArrayInspection, ArrayLimits, ArraySplit, LabelEncoding } from './dataset';
