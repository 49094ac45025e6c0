// Builds a zip in memory (fflate's zipSync) from file names and their text.
import { strToU8, zipSync } from 'fflate';

export const zipOf = (files: Record<string, string>): Buffer => Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)]))));
