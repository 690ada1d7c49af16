import type { Detector } from '../Detector';
import { B, E, assigned, token } from './define';

/** Email and SMS delivery. */
export const emailDetectors: Detector[] = [
  token('sendgrid-api-key', 'SendGrid API key', ['sg.'], `${B}(SG\\.[A-Za-z0-9_\\-]{22}\\.[A-Za-z0-9_\\-]{43})(?![A-Za-z0-9_\\-])`),
  token('mailgun-api-key', 'Mailgun API key', ['key-'], `${B}(key-[a-f0-9]{32})${E}`),
  token('mailgun-private-key', 'Mailgun private API key', ['mailgun'], assigned('mailgun', '[a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8}'), {
    flags: 'i',
  }),
  token('mailchimp-api-key', 'Mailchimp API key', ['-us'], `${B}([a-f0-9]{32}-us[0-9]{1,2})${E}`),
  token('brevo-api-key', 'Brevo (Sendinblue) API key', ['xkeysib-'], `${B}(xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16})${E}`),
  token('resend-api-key', 'Resend API key', ['re_'], `${B}(re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24})${E}`),
  token(
    'postmark-server-token',
    'Postmark server token',
    ['postmark'],
    assigned('postmark', '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'),
    { flags: 'i' },
  ),
  token(
    'twilio-api-key',
    'Twilio API key SID',
    [...'0123456789abcdef'].map((c) => `sk${c}`),
    `${B}(SK[0-9a-f]{32})${E}`,
    { validate: (_v, line) => /twilio|sid|api_?key/i.test(line) },
  ),
  // `twilio('AC…', '<auth token>')`, `Client("AC…", "<auth token>")`: the token is the argument after the account SID.
  token(
    'twilio-auth-token-positional',
    'Twilio auth token',
    ['twilio', 'client('],
    `["'\`]AC[0-9a-f]{32}["'\`][ \\t]{0,4},[ \\t]{0,4}["'\`]([0-9a-f]{32})["'\`]`,
  ),
  token('twilio-auth-token', 'Twilio auth token', ['twilio'], assigned('twilio[A-Za-z0-9_.\\-]{0,10}(?:auth)?_?token', '[a-f0-9]{32}'), {
    flags: 'i',
  }),
];
