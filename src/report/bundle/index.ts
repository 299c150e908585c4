export { BUNDLE_FILES, bundleContents, answersYaml, type BundleFile, type BundleFileName, type BundleInput, type BundleContents } from './bundle-files.js';
export { writeBundle, bundleBytes, bundleFolder, type WrittenBundle } from './write-bundle.js';
export { loadReportFile, ReportFileError, type LoadedReport } from './read-report.js';
export { checkReplaceable, writeFileAtomic, WriteFileError, type AtomicWriteOptions } from './atomic-write.js';
export { tarBytes, tarGz, type TarEntry } from './tar-write.js';
export { readTar, untarGz, TarError, MAX_TAR_BYTES, type TarFile } from './tar-read.js';
export { stepsNdjson } from './steps-ndjson.js';
export { terminalSafeJson } from './json-text.js';
