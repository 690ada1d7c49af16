import type { Detector } from '../Detector';
import { B, E, assigned, token } from './define';

/** Chat and messaging: Slack, Discord, Telegram, Microsoft Teams. */
export const chatDetectors: Detector[] = [
  token('slack-bot-token', 'Slack bot token', ['xoxb-'], `${B}(xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24,34})${E}`),
  token(
    'slack-user-token',
    'Slack user token',
    ['xoxp-', 'xoxe-'],
    `${B}(xox[pe]-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{28,34})${E}`,
  ),
  token(
    'slack-legacy-token',
    'Slack legacy token',
    ['xoxa-', 'xoxr-', 'xoxs-', 'xoxo-'],
    `${B}(xox[aros]-[0-9]{1,13}-[0-9A-Za-z\\-]{10,80})(?![A-Za-z0-9_\\-])`,
  ),
  token('slack-app-token', 'Slack app-level token', ['xapp-'], `${B}(xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,13}-[a-z0-9]{32,64})${E}`),
  token('slack-config-token', 'Slack configuration token', ['xoxe.xox'], `${B}(xoxe\\.xox[bp]-[0-9]-[A-Za-z0-9]{160,170})${E}`),
  token(
    'slack-webhook',
    'Slack webhook URL',
    ['hooks.slack.com'],
    `hooks\\.slack\\.com/((?:services|workflows|triggers)/T[A-Z0-9]{8,12}/[AB][A-Z0-9]{8,12}/[A-Za-z0-9]{24,32})${E}`,
  ),
  token(
    'discord-bot-token',
    'Discord bot token',
    ['discord'],
    `(?<![A-Za-z0-9_\\-.])([MNO][A-Za-z0-9_\\-]{23,25}\\.[A-Za-z0-9_\\-]{6}\\.[A-Za-z0-9_\\-]{27,38})(?![A-Za-z0-9_\\-.])`,
  ),
  token(
    'discord-webhook',
    'Discord webhook URL',
    ['discord'],
    `discord(?:app)?\\.com/api/webhooks/[0-9]{17,20}/([A-Za-z0-9_\\-]{60,68})(?![A-Za-z0-9_\\-])`,
  ),
  // The Bot API's URLs put the token right after `/bot` (api.telegram.org/bot<token>/sendMessage).
  token(
    'telegram-bot-token',
    'Telegram bot token',
    [':aa'],
    `(?:(?<=/bot)|(?<![0-9A-Za-z_]))([0-9]{8,10}:AA[0-9A-Za-z_\\-]{33})(?![0-9A-Za-z_\\-])`,
  ),
  token(
    'teams-webhook',
    'Microsoft Teams incoming webhook',
    ['webhook.office.com'],
    `webhook\\.office\\.com/(webhookb2/[a-z0-9\\-]{36}@[a-z0-9\\-]{36}/IncomingWebhook/[A-Za-z0-9]{32}/[a-z0-9\\-]{36})`,
  ),
  token('mattermost-token', 'Mattermost access token', ['mattermost'], assigned('mattermost', '[a-z0-9]{26}'), { flags: 'i' }),
];
