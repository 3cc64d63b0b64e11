// 信访件: the petition page's endpoint (GET /petitions/:id) and shapes, and where its attachments download.
import { request } from '../api';

export interface PetitionPetitioner {
  id: string;
  name: string;
  /** The name as written on this petition (the registry keeps one per person). */
  nameAsGiven: string;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  /** Masked by the server like the numbers (the logged reveal shows it whole). */
  address: string | null;
  isRepresentative: boolean;
}

export interface PetitionAttachment {
  id: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  /** image: shown on the page; pdf: opens in a new tab; null: download only. */
  preview: 'image' | 'pdf' | null;
}

export interface PetitionMatterRef {
  id: string;
  number: string;
  /** Null when the matter is outside the reader's scope (number only, no link). */
  title: string | null;
  status: string | null;
  statusLabel: string | null;
  relation: 'origin' | 'repeat' | 'joined' | string;
  relationLabel: string;
  visible: boolean;
}

export interface PetitionPage {
  id: string;
  number: string;
  externalId: string | null;
  channel: string;
  channelLabel: string;
  source: string;
  sourceLabel: string;
  receivedAt: string;
  receivedOn: string;
  regionCode: string;
  regionName: string;
  registeringBody: { id: string; name: string };
  title: string;
  content: string;
  respondent: string | null;
  place: string | null;
  collective: boolean;
  peopleCount: number;
  details: Record<string, unknown>;
  split: boolean;
  petitioners: PetitionPetitioner[];
  attachments: PetitionAttachment[];
  matters: PetitionMatterRef[];
}

export const petitionApi = {
  petition(id: string): Promise<PetitionPage> {
    return request<PetitionPage>('GET', `/petitions/${encodeURIComponent(id)}`);
  },
};

export const petitionQueryKey = (id: string) => ['petition', id] as const;

/** The attachment's bytes (same origin: the session cookie goes with the link); `inline` previews an image or PDF. */
export function attachmentUrl(id: string, inline = false): string {
  return `/api/v1/attachments/${encodeURIComponent(id)}${inline ? '?inline=1' : ''}`;
}
