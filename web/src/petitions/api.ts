// 信访件: the petition page's endpoint (GET /petitions/:id) and shapes, and where its attachments download.
import { request } from '../api';
import type { ResponseOf } from '../types';

// The shapes are generated from the OpenAPI document (../types).
export type PetitionPage = ResponseOf<'/api/v1/petitions/{id}'>;
export type PetitionPetitioner = PetitionPage['petitioners'][number];
/** `preview` — image: shown on the page; pdf: opens in a new tab; null: download only. */
export type PetitionAttachment = PetitionPage['attachments'][number];
/** `title` is null when the matter is outside the reader's scope (number only, no link). */
export type PetitionMatterRef = PetitionPage['matters'][number];

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
