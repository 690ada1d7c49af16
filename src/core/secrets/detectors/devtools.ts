import type { Detector } from '../Detector';
import { B, E, token } from './define';

/** Package registries, CI and developer tooling. */
export const devtoolDetectors: Detector[] = [
  token('npm-access-token', 'npm access token', ['npm_'], `${B}(npm_[A-Za-z0-9]{36})${E}`),
  token(
    'pypi-upload-token',
    'PyPI upload token',
    ['pypi-ageicHlwas5vcmc'.toLowerCase()],
    `${B}(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\\-]{50,300})(?![A-Za-z0-9_\\-])`,
  ),
  token('dockerhub-pat', 'Docker Hub personal access token', ['dckr_pat_'], `${B}(dckr_pat_[A-Za-z0-9_\\-]{27})(?![A-Za-z0-9_\\-])`),
  token('dockerhub-oat', 'Docker Hub organization access token', ['dckr_oat_'], `${B}(dckr_oat_[A-Za-z0-9_\\-]{32})(?![A-Za-z0-9_\\-])`),
  token('rubygems-api-key', 'RubyGems API key', ['rubygems_'], `${B}(rubygems_[a-f0-9]{48})${E}`),
  token('nuget-api-key', 'NuGet API key', ['oy2'], `${B}(oy2[a-z0-9]{43})${E}`),
  token('crates-io-token', 'crates.io API token', ['cio'], `${B}(cio[A-Za-z0-9]{32})${E}`, {
    validate: (v) => /[A-Z]/.test(v) && /[0-9]/.test(v),
  }),
  token('sonarqube-token', 'SonarQube token', ['sqp_', 'squ_', 'sqa_'], `${B}(sq[pua]_[a-f0-9]{40})${E}`),
  token('jfrog-api-key', 'JFrog Artifactory API key', ['akcp'], `${B}(AKCp[A-Za-z0-9]{69})${E}`),
  token('buildkite-token', 'Buildkite agent/API token', ['bkua_'], `${B}(bkua_[a-f0-9]{40})${E}`),
  token('postman-api-key', 'Postman API key', ['pmak-'], `${B}(PMAK-[a-f0-9]{24}-[a-f0-9]{34})${E}`),
  token('grafana-cloud-token', 'Grafana Cloud API token', ['glc_'], `${B}(glc_[A-Za-z0-9+/]{32,400}={0,2})(?![A-Za-z0-9+/=])`),
  token('grafana-service-account-token', 'Grafana service account token', ['glsa_'], `${B}(glsa_[A-Za-z0-9]{32}_[a-f0-9]{8})${E}`),
  token('figma-token', 'Figma personal access token', ['figd_'], `${B}(figd_[A-Za-z0-9_\\-]{40})(?![A-Za-z0-9_\\-])`),
  token('contentful-token', 'Contentful personal access token', ['cfpat-'], `${B}(CFPAT-[A-Za-z0-9_\\-]{43})(?![A-Za-z0-9_\\-])`),
  token('circleci-token', 'CircleCI personal API token', ['ccipat_'], `${B}(CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40})${E}`),
];
