import type { Detector, RuleMeta } from '../Detector';
import { aiDetectors } from './ai';
import { chatDetectors } from './chat';
import { cloudDetectors } from './cloud';
import { commandLinePasswordDetectors } from './commandLinePasswords';
import { connectionStringDetectors } from './connectionStrings';
import { devtoolDetectors } from './devtools';
import { emailDetectors } from './email';
import { encodedKeyDetectors } from './encodedKeys';
import { genericAssignmentDetector } from './genericAssignment';
import { hostingDetectors } from './hosting';
import { httpAuthDetectors } from './httpAuth';
import { jwtDetector } from './jwt';
import { keyedAssignmentDetector } from './keyedAssignments';
import { kubernetesSecretDetector } from './kubernetesSecret';
import { monitoringDetectors } from './monitoring';
import { nameValuePairDetector } from './nameValuePairs';
import { netrcDetector } from './netrc';
import { npmrcDetectors } from './npmrc';
import { paymentDetectors } from './payments';
import { privateKeyDetector } from './privateKeys';
import { saasDetectors } from './saas';
import { secretManagerDetectors } from './secretManagers';
import { serverConfigDetectors } from './serverConfigs';
import { sqlPasswordDetector } from './sqlPasswords';
import { terraformVariableDetector } from './terraformVariable';
import { urlCredentialsDetector } from './urlCredentials';
import { vcsDetectors } from './vcs';
import { xmlSettingsDetector } from './xmlSettings';

/** Every detector, most specific first (overlapping findings keep the more specific one). */
export const allDetectors: readonly Detector[] = [
  privateKeyDetector,
  ...encodedKeyDetectors,
  ...cloudDetectors,
  ...vcsDetectors,
  ...chatDetectors,
  ...paymentDetectors,
  ...aiDetectors,
  ...devtoolDetectors,
  ...npmrcDetectors,
  ...monitoringDetectors,
  ...emailDetectors,
  ...saasDetectors,
  ...hostingDetectors,
  ...secretManagerDetectors,
  jwtDetector,
  urlCredentialsDetector,
  ...httpAuthDetectors,
  kubernetesSecretDetector,
  ...connectionStringDetectors,
  sqlPasswordDetector,
  ...commandLinePasswordDetectors,
  netrcDetector,
  xmlSettingsDetector,
  terraformVariableDetector,
  ...serverConfigDetectors,
  keyedAssignmentDetector,
  nameValuePairDetector,
  genericAssignmentDetector,
];

/** Every rule id the engine can report, with its metadata (for SARIF and documentation). */
export function ruleCatalog(): RuleMeta[] {
  const seen = new Map<string, RuleMeta>();
  for (const d of allDetectors) {
    seen.set(d.id, { id: d.id, kind: d.kind, title: d.title, severity: d.severity });
    for (const r of d.extraRules ?? []) if (!seen.has(r.id)) seen.set(r.id, r);
  }
  return [...seen.values()];
}
