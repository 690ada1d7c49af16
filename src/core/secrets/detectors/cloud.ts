import type { Detector } from '../Detector';
import { B, E, assigned, token } from './define';

/** Cloud providers: AWS, Google Cloud, Azure, Alibaba. */
export const cloudDetectors: Detector[] = [
  token(
    'aws-access-key-id',
    'AWS access key ID',
    ['akia', 'asia', 'abia', 'acca', 'a3t'],
    `(?<![A-Z0-9])((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})(?![A-Z0-9])`,
  ),
  token('aws-secret-access-key', 'AWS secret access key', ['secret'], assigned('(?:aws_?)?secret_?(?:access_?)?key', '[A-Za-z0-9/+]{40}'), {
    flags: 'i',
    atKeyword: 'secret_?(?:access_?)?key',
    validate: (v, line) => /aws|access/i.test(line) && /[A-Z]/.test(v) && /[a-z]/.test(v) && /[0-9]/.test(v),
  }),
  token('google-api-key', 'Google API key', ['aiza'], `${B}(AIza[0-9A-Za-z_\\-]{35})(?![0-9A-Za-z_\\-])`),
  token('google-oauth-client-secret', 'Google OAuth client secret', ['gocspx-'], `${B}(GOCSPX-[0-9A-Za-z_\\-]{28})(?![0-9A-Za-z_\\-])`),
  token('azure-storage-account-key', 'Azure storage account key', ['accountkey='], `AccountKey=([A-Za-z0-9+/]{86}==)`),
  token(
    'azure-shared-access-key',
    'Azure Service Bus / Event Hubs shared access key',
    ['sharedaccesskey='],
    `SharedAccessKey=([A-Za-z0-9+/]{42,44}=)`,
  ),
  token('azure-sas-signature', 'Azure shared access signature', ['sig='], `[?&]sig=([A-Za-z0-9%+/]{40,90}(?:%3D|=)?)(?![A-Za-z0-9%])`, {
    validate: (_v, line) => /[?&]sv=\d/.test(line) && /[?&]s[ep]=/.test(line),
  }),
  token(
    'azure-ad-client-secret',
    'Azure AD client secret',
    [...'0123456789'].map((d) => `${d}q~`),
    `(?<![A-Za-z0-9_~.\\-])([A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.\\-]{31,34})(?![A-Za-z0-9_~.\\-])`,
  ),
  token('alibaba-access-key-id', 'Alibaba Cloud AccessKey ID', ['ltai'], `${B}(LTAI[A-Za-z0-9]{20})${E}`),
  token(
    'gcp-service-account-key-id',
    'Google service account private key ID',
    ['private_key_id'],
    `"private_key_id"\\s{0,4}:\\s{0,4}"([a-f0-9]{40})"`,
    { severity: 'warning', confidence: 'medium' },
  ),
];
