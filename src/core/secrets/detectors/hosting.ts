import type { Detector } from '../Detector';
import { B, E, assigned, token } from './define';

/** Hosting and platform providers. */
export const hostingDetectors: Detector[] = [
  token('digitalocean-pat', 'DigitalOcean personal access token', ['dop_v1_'], `${B}(dop_v1_[a-f0-9]{64})${E}`),
  token('digitalocean-oauth-token', 'DigitalOcean OAuth token', ['doo_v1_'], `${B}(doo_v1_[a-f0-9]{64})${E}`),
  token('digitalocean-refresh-token', 'DigitalOcean refresh token', ['dor_v1_'], `${B}(dor_v1_[a-f0-9]{64})${E}`),
  token(
    'heroku-api-key',
    'Heroku API key',
    ['heroku'],
    assigned('heroku', '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'),
    { flags: 'i' },
  ),
  token('heroku-api-key-v2', 'Heroku API key', ['hrku-'], `${B}(HRKU-AA[0-9A-Za-z_\\-]{58})(?![0-9A-Za-z_\\-])`),
  token(
    'cloudflare-api-token',
    'Cloudflare API token',
    ['cloudflare', 'cf_api'],
    assigned('(?:cloudflare|cf)_?api', '[A-Za-z0-9_\\-]{40}'),
    { flags: 'i' },
  ),
  token('cloudflare-origin-ca-key', 'Cloudflare Origin CA key', ['v1.0-'], `${B}(v1\\.0-[a-f0-9]{24}-[a-f0-9]{146})${E}`),
  token('vercel-token', 'Vercel access token', ['vercel'], assigned('vercel', '[A-Za-z0-9]{24}'), { flags: 'i' }),
  token('netlify-token', 'Netlify access token', ['nfp_'], `${B}(nfp_[A-Za-z0-9]{36})${E}`),
  token('netlify-token-context', 'Netlify access token', ['netlify'], assigned('netlify', '[A-Za-z0-9_\\-]{40,46}'), { flags: 'i' }),
  token('supabase-access-token', 'Supabase personal access token', ['sbp_'], `${B}(sbp_[a-f0-9]{40})${E}`),
  token('supabase-secret-key', 'Supabase secret API key', ['sb_secret_'], `${B}(sb_secret_[A-Za-z0-9_\\-]{31,64})(?![A-Za-z0-9_\\-])`),
  token('planetscale-token', 'PlanetScale service token', ['pscale_tkn_'], `${B}(pscale_tkn_[A-Za-z0-9_\\-.]{32,64})(?![A-Za-z0-9_\\-.])`),
  token(
    'planetscale-password',
    'PlanetScale database password',
    ['pscale_pw_'],
    `${B}(pscale_pw_[A-Za-z0-9_\\-.]{32,64})(?![A-Za-z0-9_\\-.])`,
  ),
  token(
    'planetscale-oauth-token',
    'PlanetScale OAuth token',
    ['pscale_oauth_'],
    `${B}(pscale_oauth_[A-Za-z0-9_\\-.]{32,64})(?![A-Za-z0-9_\\-.])`,
  ),
  token('fly-access-token', 'Fly.io access token', ['fo1_'], `${B}(fo1_[A-Za-z0-9_\\-]{43})(?![A-Za-z0-9_\\-])`),
  token('tailscale-key', 'Tailscale key', ['tskey-'], `${B}(tskey-(?:api|auth|client|webhook)-[A-Za-z0-9]{6,20}-[A-Za-z0-9]{20,40})${E}`),
  token('pulumi-access-token', 'Pulumi access token', ['pul-'], `${B}(pul-[a-f0-9]{40})${E}`),
  token(
    'terraform-cloud-token',
    'Terraform Cloud API token',
    ['.atlasv1.'],
    `${B}([A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=\\-]{60,70})(?![A-Za-z0-9_=\\-])`,
  ),
  token('render-api-key', 'Render API key', ['rnd_'], `${B}(rnd_[A-Za-z0-9]{32})${E}`),
];
