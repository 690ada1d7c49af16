import type { Detector } from '../Detector';
import { B, E, token } from './define';

/**
 * Payments and commerce. Stripe keys are up to 255 characters (its API keys page); test-mode keys
 * move no money but read and change the account's test data and its settings, and Stripe asks to
 * keep them secret too: reported as warnings.
 */
export const paymentDetectors: Detector[] = [
  token('stripe-secret-key', 'Stripe live secret key', ['sk_live_'], `${B}(sk_live_[0-9A-Za-z]{24,247})${E}`),
  token('stripe-restricted-key', 'Stripe live restricted key', ['rk_live_'], `${B}(rk_live_[0-9A-Za-z]{24,247})${E}`),
  token('stripe-test-secret-key', 'Stripe test-mode secret key', ['sk_test_'], `${B}(sk_test_[0-9A-Za-z]{24,247})${E}`, {
    severity: 'warning',
  }),
  token('stripe-test-restricted-key', 'Stripe test-mode restricted key', ['rk_test_'], `${B}(rk_test_[0-9A-Za-z]{24,247})${E}`, {
    severity: 'warning',
  }),
  token('stripe-webhook-secret', 'Stripe webhook signing secret', ['whsec_'], `${B}(whsec_[A-Za-z0-9+/]{32,64})(?![A-Za-z0-9+/])`),
  token(
    'braintree-access-token',
    'PayPal Braintree access token',
    ['access_token$production$'],
    `(access_token\\$production\\$[0-9a-z]{16}\\$[0-9a-f]{32})`,
  ),
  token('square-access-token', 'Square access token', ['sq0atp-'], `${B}(sq0atp-[0-9A-Za-z_\\-]{22})(?![0-9A-Za-z_\\-])`),
  token('square-access-token-v2', 'Square access token', ['eaaa'], `${B}(EAAA[0-9A-Za-z_\\-]{60})(?![0-9A-Za-z_\\-])`, {
    validate: (v) => /[a-z]/.test(v) && /[A-Z]/.test(v.slice(4)) && /[0-9]/.test(v),
  }),
  token('square-oauth-secret', 'Square OAuth secret', ['sq0csp-'], `${B}(sq0csp-[0-9A-Za-z_\\-]{43})(?![0-9A-Za-z_\\-])`),
  token('shopify-access-token', 'Shopify access token', ['shpat_'], `${B}(shpat_[a-fA-F0-9]{32})${E}`),
  token('shopify-custom-app-token', 'Shopify custom app access token', ['shpca_'], `${B}(shpca_[a-fA-F0-9]{32})${E}`),
  token('shopify-private-app-token', 'Shopify private app access token', ['shppa_'], `${B}(shppa_[a-fA-F0-9]{32})${E}`),
  token('shopify-shared-secret', 'Shopify shared secret', ['shpss_'], `${B}(shpss_[a-fA-F0-9]{32})${E}`),
  token('razorpay-key', 'Razorpay live key', ['rzp_live_'], `${B}(rzp_live_[A-Za-z0-9]{14})${E}`),
  token('flutterwave-secret-key', 'Flutterwave secret key', ['flwseck-'], `${B}(FLWSECK-[a-f0-9]{32}-X)${E}`),
  token(
    'plaid-access-token',
    'Plaid production access token',
    ['access-production-'],
    `${B}(access-production-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})${E}`,
  ),
];
