import type { Detector } from '../Detector';
import { B, E, assigned, token } from './define';

/** Productivity and SaaS APIs. */
export const saasDetectors: Detector[] = [
  token('linear-api-key', 'Linear API key', ['lin_api_'], `${B}(lin_api_[A-Za-z0-9]{40})${E}`),
  token('notion-token', 'Notion integration token', ['ntn_'], `${B}(ntn_[0-9]{11}[A-Za-z0-9]{35})${E}`),
  token('notion-legacy-token', 'Notion integration token (legacy)', ['secret_'], `${B}(secret_[A-Za-z0-9]{43})${E}`, {
    validate: (v) => /[A-Z]/.test(v) && /[0-9]/.test(v),
  }),
  token('airtable-pat', 'Airtable personal access token', ['pat'], `${B}(pat[A-Za-z0-9]{14}\\.[a-f0-9]{64})${E}`),
  token(
    'asana-pat',
    'Asana personal access token',
    ['asana'],
    assigned('asana', '[0-9]\\/[0-9]{16}:[a-f0-9]{32}|2\\/[0-9]{16}\\/[0-9]{16}:[a-f0-9]{32}'),
    { flags: 'i' },
  ),
  token('okta-api-token', 'Okta API token', ['okta'], assigned('okta', '00[A-Za-z0-9_\\-]{40}'), { flags: 'i' }),
  token(
    'mapbox-secret-token',
    'Mapbox secret token',
    ['sk.eyj'],
    `${B}(sk\\.eyJ[A-Za-z0-9_\\-]{50,300}\\.[A-Za-z0-9_\\-]{20,40})(?![A-Za-z0-9_\\-])`,
  ),
  token('dropbox-api-token', 'Dropbox access token', ['sl.'], `${B}(sl\\.[A-Za-z0-9_\\-]{130,152})(?![A-Za-z0-9_\\-])`),
  token('typeform-token', 'Typeform personal access token', ['tfp_'], `${B}(tfp_[A-Za-z0-9_\\-.]{59})(?![A-Za-z0-9_\\-.])`),
  token(
    'launchdarkly-key',
    'LaunchDarkly SDK or API key',
    ['sdk-', 'api-'],
    `${B}((?:sdk|api)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})${E}`,
    { validate: (_v, line) => /launchdarkly|\bld_|ld[_-]?(?:sdk|api)/i.test(line) },
  ),
  token('algolia-admin-key', 'Algolia admin API key', ['algolia'], assigned('algolia[A-Za-z0-9_.\\-]{0,10}admin', '[a-f0-9]{32}'), {
    flags: 'i',
  }),
  token(
    'firebase-cloud-messaging-key',
    'Firebase Cloud Messaging server key',
    ['aaaa'],
    `${B}(AAAA[A-Za-z0-9_\\-]{7}:APA91b[A-Za-z0-9_\\-]{134})(?![A-Za-z0-9_\\-])`,
  ),
];
