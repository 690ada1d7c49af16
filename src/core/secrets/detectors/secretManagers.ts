import type { Detector } from '../Detector';
import { B, E, token } from './define';

/** Secret managers' own credentials: the keys to everything else. */
export const secretManagerDetectors: Detector[] = [
  token('vault-service-token', 'HashiCorp Vault service token', ['hvs.'], `${B}(hvs\\.[A-Za-z0-9_\\-]{24,200})(?![A-Za-z0-9_\\-])`),
  token('vault-batch-token', 'HashiCorp Vault batch token', ['hvb.'], `${B}(hvb\\.[A-Za-z0-9_\\-]{100,300})(?![A-Za-z0-9_\\-])`),
  token(
    'doppler-token',
    'Doppler token',
    ['dp.'],
    `${B}(dp\\.(?:pt|st(?:\\.[a-z0-9_-]{1,40})?|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,44})${E}`,
  ),
  token(
    'infisical-service-token',
    'Infisical service token',
    ['st.'],
    `${B}(st\\.[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}\\.[a-f0-9]{32}\\.[a-f0-9]{32})${E}`,
  ),
  token(
    'onepassword-service-account-token',
    '1Password service account token',
    ['ops_eyj'],
    `${B}(ops_eyJ[A-Za-z0-9+/]{100,1200}={0,2})(?![A-Za-z0-9+/=])`,
  ),
  token('age-secret-key', 'age secret key', ['age-secret-key-1'], `(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})${E}`),
];
