import type { Detector } from '../Detector';
import { B, E, assigned, token } from './define';

/** Observability: Datadog, Sentry, New Relic. */
export const monitoringDetectors: Detector[] = [
  token('datadog-api-key', 'Datadog API key', ['datadog', 'dd_api', 'ddapi'], assigned('(?:datadog|dd)_?api_?key', '[a-f0-9]{32}'), {
    flags: 'i',
  }),
  token(
    'datadog-app-key',
    'Datadog application key',
    ['datadog', 'dd_app', 'ddapp'],
    assigned('(?:datadog|dd)_?app(?:lication)?_?key', '[a-f0-9]{40}'),
    { flags: 'i' },
  ),
  token(
    'sentry-dsn-secret',
    'Sentry DSN with secret key',
    ['sentry', 'ingest'],
    `https?://[a-f0-9]{32}:([a-f0-9]{32})@[A-Za-z0-9.\\-]{1,100}/[0-9]{1,12}`,
  ),
  token(
    'sentry-org-token',
    'Sentry organization auth token',
    ['sntrys_'],
    `${B}(sntrys_eyJ[A-Za-z0-9+/=_\\-]{60,400})(?![A-Za-z0-9+/=_\\-])`,
  ),
  token('sentry-user-token', 'Sentry user auth token', ['sntryu_'], `${B}(sntryu_[a-f0-9]{64})${E}`),
  token('newrelic-user-api-key', 'New Relic user API key', ['nrak-'], `${B}(NRAK-[A-Z0-9]{27})${E}`),
  token('newrelic-insert-key', 'New Relic insert key', ['nrii-'], `${B}(NRII-[A-Za-z0-9_\\-]{32})(?![A-Za-z0-9_\\-])`),
  token('newrelic-license-key', 'New Relic ingest license key', ['nral'], `${B}([a-f0-9]{36}NRAL)${E}`),
  token('honeycomb-api-key', 'Honeycomb API key', ['honeycomb'], assigned('honeycomb', '[A-Za-z0-9]{22}|hc[a-z]{2}_[a-z0-9]{58}'), {
    flags: 'i',
  }),
];
