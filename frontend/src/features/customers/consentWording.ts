/**
 * The offers opt-in wording, for the "Add customer" form before any customer detail (which carries the server's
 * `marketingConsentWording`) is loaded. Keep it equal to the backend's ConsentService.MarketingOptInWording.
 */
export const MARKETING_CONSENT_WORDING =
  'I agree to receive offers and news about plans from my internet provider on WhatsApp. Reply STOP PROMOTIONS to stop offers only, STOP to stop everything.';
