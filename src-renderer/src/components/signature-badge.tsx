// The verdict of the signature check a push got at capture.
import type { SignatureCheck } from '@contract/model';

const SCHEME_LABEL: Record<string, string> = {
  stripe: 'Stripe',
  github: 'GitHub',
  shopify: 'Shopify',
  slack: 'Slack',
  'standard-webhooks': 'Standard Webhooks',
  twilio: 'Twilio',
};

export function signatureTitle(check: SignatureCheck | undefined): string {
  if (!check) return 'Signature not checked (captured before verification existed)';
  const scheme = check.scheme ? `${SCHEME_LABEL[check.scheme] ?? check.scheme} signature` : 'Signature';
  if (check.result === 'valid') return `${scheme} valid`;
  if (check.result === 'invalid') return `${scheme} invalid: ${check.reason ?? 'unknown reason'}`;
  return `${scheme} not checked: ${check.reason ?? 'no rule'}`;
}

/** Compact mark for list rows: nothing for unchecked pushes, so lists without rules stay quiet. */
export function SignatureMark({ check }: { check: SignatureCheck | undefined }): React.JSX.Element | null {
  if (!check || check.result === 'unchecked') return null;
  return (
    <span className={`sig-mark sig-${check.result}`} title={signatureTitle(check)} aria-label={signatureTitle(check)}>
      {check.result === 'valid' ? '✓' : '✗'}
    </span>
  );
}

export function SignatureBadge({ check }: { check: SignatureCheck | undefined }): React.JSX.Element {
  const result = check?.result ?? 'unchecked';
  const text = result === 'valid' ? 'signature valid' : result === 'invalid' ? `signature invalid · ${check?.reason ?? ''}` : 'signature not checked';
  return (
    <span className={`sig-badge sig-${result}`} title={signatureTitle(check)} data-testid="signature-badge">
      {text}
    </span>
  );
}
