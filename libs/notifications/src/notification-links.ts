import { deriveToken } from '@suivi/domain';
import type { Audience } from '@suivi/domain';

/**
 * The page each audience opens from a message. Tenants and contractors need no account: their links carry a
 * token derived from the complaint or work order (see deriveToken), the same one every time; a person on
 * call gets the token of their alert.
 */
export function messageLink(
  baseUrl: string,
  secret: string,
  audience: Audience,
  ids: { complaintId: string; reference: string; workOrderId: string | null; recipientId?: string },
): string {
  switch (audience) {
    case 'tenant':
      return `${baseUrl}/t/${deriveToken(secret, 'track', ids.complaintId)}`;
    case 'contractor':
      return ids.workOrderId
        ? `${baseUrl}/w/${deriveToken(secret, 'work-order', ids.workOrderId)}`
        : `${baseUrl}/`;
    case 'partner':
      return `${baseUrl}/partners/complaints/${ids.reference}`;
    case 'on_call':
      // The recipient of an on-call message is its alert: the link acknowledges that alert (see OnCallDuty).
      return `${baseUrl}/a/${deriveToken(secret, 'on-call', ids.recipientId ?? '')}`;
    case 'agent':
    case 'supervisor':
      return `${baseUrl}/agent/complaints/${ids.reference}`;
  }
}
