import { and, asc, desc, eq, exists, sql } from 'drizzle-orm';
import { z } from 'zod';
import { bodies, matters, petitionMatters, petitionPetitioners, petitioners, petitions, regions } from '../../db/schema';
import type { DbOrTx } from '../../db/tx';
import { CHANNEL_LABELS, STATUS_LABELS, type Channel, type MatterStatus } from '../../domain/lifecycle';
import { maskIdNumber, maskPhone } from '../../domain/identity';
import { notFound } from '../../shared/errors';
import { previewOf } from '../attachments/config';
import { attachmentsOf } from '../attachments/service';
import type { StaffPrincipal } from '../auth/principal';
import { matterScope } from '../matters/scope';

const RELATION_LABELS: Record<string, string> = { origin: '初次登记', repeat: '重复件', joined: '并入集体事项' };
const SOURCE_LABELS: Record<string, string> = { desk: '工作人员登记', portal: '网上信访', import: '历史数据导入' };
/**
 * Staff register every channel at the desk's form, so "desk" alone reads as 窗口登记 for a letter or a call; the
 * label names what the clerk did with that channel instead.
 */
const DESK_LABELS: Partial<Record<Channel, string>> = { letter: '来信登记', visit: '来访接待登记', phone: '来电登记' };

function sourceLabel(source: string, channel: string): string {
  if (source === 'desk') return DESK_LABELS[channel as Channel] ?? SOURCE_LABELS.desk!;
  return SOURCE_LABELS[source] ?? source;
}

/**
 * The petition page (信访件): the text as received, the channel's details, the petitioners, the attachments and the
 * matters it carries. Identity fields go out under their own names (`idNumberMasked`, `phoneMasked`, `address`) and
 * the serializer masks them for the caller (src/http/pii.ts), as it masks numbers in the free text.
 */
export const PetitionPage = z.object({
  id: z.string(),
  number: z.string(),
  externalId: z.string().nullable(),
  channel: z.string(),
  channelLabel: z.string(),
  source: z.string(),
  sourceLabel: z.string(),
  receivedAt: z.string(),
  receivedOn: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  registeringBody: z.object({ id: z.string(), name: z.string() }),
  title: z.string(),
  content: z.string(),
  respondent: z.string().nullable(),
  place: z.string().nullable(),
  collective: z.boolean(),
  peopleCount: z.number(),
  details: z.record(z.string(), z.unknown()),
  /** 分诉求登记: the petition carries more than one matter of its own (relation origin). */
  split: z.boolean(),
  petitioners: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      nameAsGiven: z.string(),
      idNumberMasked: z.string().nullable(),
      phoneMasked: z.string().nullable(),
      address: z.string().nullable(),
      isRepresentative: z.boolean(),
    }),
  ),
  attachments: z.array(
    z.object({ id: z.string(), fileName: z.string(), mediaType: z.string(), size: z.number(), sha256: z.string(), preview: z.enum(['image', 'pdf']).nullable() }),
  ),
  /** Every matter the petition carries; one the caller may not see shows its number only (`visible: false`, no title). */
  matters: z.array(
    z.object({ id: z.string(), number: z.string(), title: z.string().nullable(), status: z.string().nullable(), statusLabel: z.string().nullable(), relation: z.string(), relationLabel: z.string(), visible: z.boolean() }),
  ),
});

/**
 * Fetch-or-throw in scope: a petition exists for a principal who may see one of its matters (the rule of its
 * attachments' downloads, src/modules/attachments/service.ts); anything else is the same NOT_FOUND as a missing id.
 */
export async function petitionPage(db: DbOrTx, p: StaffPrincipal, id: string): Promise<z.infer<typeof PetitionPage>> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('petition', '信访件');
  const inScope = exists(
    db
      .select({ one: sql`1` })
      .from(petitionMatters)
      .innerJoin(matters, eq(matters.id, petitionMatters.matterId))
      .where(and(eq(petitionMatters.petitionId, petitions.id), matterScope(p))),
  );
  const [row] = await db
    .select({ petition: petitions, bodyName: bodies.name, regionName: regions.name })
    .from(petitions)
    .innerJoin(bodies, eq(bodies.id, petitions.registeringBodyId))
    .leftJoin(regions, eq(regions.code, petitions.regionCode))
    .where(and(eq(petitions.id, id), inScope));
  if (!row) throw notFound('petition', '信访件');
  const pt = row.petition;
  const linked = await db
    .select({ id: matters.id, number: matters.number, title: matters.title, status: matters.status, relation: petitionMatters.relation, visible: sql<boolean>`${matterScope(p)}` })
    .from(petitionMatters)
    .innerJoin(matters, eq(matters.id, petitionMatters.matterId))
    .where(eq(petitionMatters.petitionId, id))
    .orderBy(asc(matters.number));
  const people = await db
    .select({
      id: petitioners.id,
      name: petitioners.name,
      nameAsGiven: petitionPetitioners.nameAsGiven,
      idNumber: petitioners.idNumber,
      phone: petitioners.phone,
      address: petitioners.address,
      isRepresentative: petitionPetitioners.isRepresentative,
    })
    .from(petitionPetitioners)
    .innerJoin(petitioners, eq(petitioners.id, petitionPetitioners.petitionerId))
    .where(eq(petitionPetitioners.petitionId, id))
    .orderBy(desc(petitionPetitioners.isRepresentative), asc(petitioners.name));
  const files = await attachmentsOf({ db }, id);
  return {
    id: pt.id,
    number: pt.number,
    externalId: pt.externalId,
    channel: pt.channel,
    channelLabel: CHANNEL_LABELS[pt.channel as Channel] ?? pt.channel,
    source: pt.source,
    sourceLabel: sourceLabel(pt.source, pt.channel),
    receivedAt: pt.receivedAt.toISOString(),
    receivedOn: pt.receivedOn,
    regionCode: pt.regionCode,
    regionName: row.regionName ?? pt.regionCode,
    registeringBody: { id: pt.registeringBodyId, name: row.bodyName },
    title: pt.title,
    content: pt.content,
    respondent: pt.respondent,
    place: pt.place,
    collective: pt.collective,
    peopleCount: pt.peopleCount,
    details: pt.details as Record<string, unknown>,
    split: linked.filter((m) => m.relation === 'origin').length > 1,
    petitioners: people.map((x) => ({
      id: x.id,
      name: x.name,
      nameAsGiven: x.nameAsGiven,
      idNumberMasked: maskIdNumber(x.idNumber),
      phoneMasked: maskPhone(x.phone),
      address: x.address,
      isRepresentative: x.isRepresentative,
    })),
    attachments: files.map((a) => ({ id: a.id, fileName: a.fileName, mediaType: a.mediaType, size: a.size, sha256: a.sha256, preview: previewOf(a.mediaType) })),
    matters: linked.map((m) => {
      const visible = Boolean(m.visible);
      return {
        id: m.id,
        number: m.number,
        title: visible ? m.title : null,
        status: visible ? m.status : null,
        statusLabel: visible ? STATUS_LABELS[m.status as MatterStatus] : null,
        relation: m.relation,
        relationLabel: RELATION_LABELS[m.relation] ?? m.relation,
        visible,
      };
    }),
  };
}
