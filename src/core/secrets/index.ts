// The public surface of the secret engine.
export { scanText } from './scanText';
export { ruleCatalog, allDetectors } from './detectors/allDetectors';
export type { ScanOptions, SecretFinding, SecretKind, SecretRange, SecretSeverity, SecretConfidence } from './SecretFinding';
