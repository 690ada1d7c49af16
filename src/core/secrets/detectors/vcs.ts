import type { Detector } from '../Detector';
import { hasValidGithubChecksum } from '../githubChecksum';
import { B, E, token } from './define';

const classic = (prefix: string, id: string, title: string): Detector =>
  token(id, title, [prefix], `${B}(${prefix}[A-Za-z0-9]{36})${E}`, { validate: hasValidGithubChecksum });

const gitlab = (prefix: string, id: string, title: string, body: string): Detector =>
  token(id, title, [prefix], `${B}(${prefix}${body})(?![A-Za-z0-9_\\-])`);

/** Source hosting: GitHub (checksummed), GitLab, Bitbucket, Atlassian. */
export const vcsDetectors: Detector[] = [
  classic('ghp_', 'github-pat', 'GitHub personal access token'),
  classic('gho_', 'github-oauth-token', 'GitHub OAuth access token'),
  classic('ghu_', 'github-user-to-server-token', 'GitHub App user-to-server token'),
  classic('ghs_', 'github-server-to-server-token', 'GitHub App installation token'),
  classic('ghr_', 'github-refresh-token', 'GitHub App refresh token'),
  token(
    'github-fine-grained-pat',
    'GitHub fine-grained personal access token',
    ['github_pat_'],
    `${B}(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})${E}`,
  ),
  gitlab('glpat-', 'gitlab-pat', 'GitLab personal access token', '[A-Za-z0-9_\\-]{20,64}'),
  gitlab('gldt-', 'gitlab-deploy-token', 'GitLab deploy token', '[A-Za-z0-9_\\-]{20,64}'),
  gitlab('glrt-', 'gitlab-runner-token', 'GitLab runner authentication token', '[A-Za-z0-9_\\-]{20,64}'),
  gitlab('glptt-', 'gitlab-pipeline-trigger-token', 'GitLab pipeline trigger token', '[a-f0-9]{40}'),
  gitlab('glft-', 'gitlab-feed-token', 'GitLab feed token', '[A-Za-z0-9_\\-]{20,64}'),
  gitlab('glagent-', 'gitlab-agent-token', 'GitLab agent token', '[A-Za-z0-9_\\-]{50,64}'),
  gitlab('gloas-', 'gitlab-oauth-secret', 'GitLab OAuth application secret', '[A-Za-z0-9_\\-]{64}'),
  gitlab('glcbt-', 'gitlab-ci-build-token', 'GitLab CI build token', '[0-9a-zA-Z]{1,5}_[0-9a-zA-Z_\\-]{20}'),
  gitlab('glimt-', 'gitlab-incoming-mail-token', 'GitLab incoming mail token', '[0-9a-zA-Z_\\-]{25}'),
  token('bitbucket-app-password', 'Bitbucket app password', ['atbb'], `${B}(ATBB[A-Za-z0-9_=.\\-]{32})(?![A-Za-z0-9_=.\\-])`),
  token('atlassian-api-token', 'Atlassian API token', ['atatt3'], `${B}(ATATT3[A-Za-z0-9_\\-=]{150,250})(?![A-Za-z0-9_\\-=])`),
];
