/**
 * What the monitor reads from a stack file (`monitoring:`, `alerts:`, each service's alerts), as
 * `loadStack` checked it: types only, so the config model can carry it without importing the
 * parsers (src/core/alerts/readMonitorConfig.ts reads it).
 */
import type { AlertRule, AlertSeverity } from './model';

export type WebhookFormat = 'slack' | 'json';
export type WebhookEvent = 'firing' | 'resolved' | 'escalated';

/** One webhook target. The URL itself is never in the file: `urlEnv` names the variable that holds it. */
export interface WebhookConfig {
  name: string;
  urlEnv: string;
  format: WebhookFormat;
  events: WebhookEvent[];
  minSeverity: AlertSeverity;
  timeoutMs: number;
  /** Attempts after the first one. */
  retries: number;
  /** First retry delay; doubles each attempt. */
  backoffMs: number;
  /** At most `max` notifications per `perMs` (the rest are dropped and counted). */
  rateLimit: { max: number; perMs: number };
}

/** Everything the monitor needs from the stack file. */
export interface MonitorConfig {
  rules: AlertRule[];
  /** Percent, e.g. 99.9. */
  slaTarget: number;
  uptimeWindowMs: number;
  intervalMs: number;
  diskPath?: string;
  errorPattern?: RegExp;
  errorPatterns: Record<string, RegExp>;
  memoryLimits: Record<string, number>;
  webhooks: WebhookConfig[];
  /** Opt-in Prometheus endpoint on 127.0.0.1. */
  prometheus?: { port: number };
}
