import type { AlertEvent, AlertSeverity } from './model';
import { isoTime } from '../../shared/isoTime';

/** The generic JSON body a webhook receives (versioned: receivers can rely on the shape). */
export interface JsonNotification {
  version: 1;
  source: 'stackpilot';
  stack: string;
  event: AlertEvent['kind'];
  at: string;
  alert: {
    key: string;
    rule: string;
    service: string | null;
    severity: AlertSeverity;
    metric: string;
    value: number | null;
    threshold: number;
    summary: string;
    activeSince: string;
    firingSince: string | null;
    acknowledged: boolean;
    escalated: boolean;
  };
}

export function jsonPayload(e: AlertEvent, stack: string): JsonNotification {
  const a = e.alert;
  return {
    version: 1,
    source: 'stackpilot',
    stack,
    event: e.kind,
    at: isoTime(e.at),
    alert: {
      key: a.key,
      rule: a.ruleId,
      service: a.service ?? null,
      severity: a.severity,
      metric: a.metric,
      value: a.value ?? null,
      threshold: a.threshold,
      summary: a.summary,
      activeSince: isoTime(a.activeSince),
      firingSince: a.firingSince !== undefined ? isoTime(a.firingSince) : null,
      acknowledged: a.acknowledged,
      escalated: a.escalated,
    },
  };
}

/** Slack's mrkdwn treats only these three as control characters. */
const mrkdwn = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const ICON: Record<AlertEvent['kind'], string> = {
  firing: ':red_circle:',
  escalated: ':rotating_light:',
  resolved: ':large_green_circle:',
  pending: ':hourglass:',
  cancelled: ':white_circle:',
  acknowledged: ':ballot_box_with_check:',
};
const round = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) < 10 ? 2 : 1));

/** Slack-compatible incoming-webhook body (also read by Mattermost, Rocket.Chat, Discord's /slack endpoint). */
export function slackPayload(e: AlertEvent, stack: string): { text: string; blocks: unknown[] } {
  const a = e.alert;
  const who = a.service ? `${a.service}: ` : '';
  const what = e.kind === 'resolved' ? 'resolved' : e.kind === 'escalated' ? 'escalated to critical' : e.kind;
  const text = `${ICON[e.kind]} [${a.severity}] ${who}${a.summary} (${what}) — stack ${stack}`;
  const value =
    a.value !== undefined
      ? `${a.metric} = ${round(a.value)} (threshold ${round(a.threshold)})`
      : `${a.metric}, threshold ${round(a.threshold)}`;
  return {
    text: mrkdwn(text),
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `${ICON[e.kind]} *${mrkdwn(`[${a.severity}] ${who}${a.summary}`)}* — ${mrkdwn(what)}` },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwn(`${value} · rule ${a.ruleId} · stack ${stack} · ${isoTime(e.at)}`) }] },
    ],
  };
}
