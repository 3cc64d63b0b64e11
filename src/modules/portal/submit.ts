import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { attachments, bodies, petitionPetitioners, petitioners, petitions, regions } from '../../db/schema';
import { lockXact } from '../../db/locks';
import type { DbOrTx } from '../../db/tx';
import { chinaDateOf } from '../../domain/calendar';
import { normaliseName, parseIdNumber, parsePhone } from '../../domain/identity';
import type { AppContext } from '../../context';
import { XinfangError, validation, type Problem } from '../../shared/errors';
import { AttachmentUnavailable } from '../attachments/service';
import { bureauForRegion, queryCodeHash, registerPetition } from '../petitions/service';
import type { PortalLimits } from './config';

/**
 * 网上信访: a citizen submits a petition under real name (实名). It is registered exactly like one at the desk
 * (`registerPetition`, registrar = the portal acting for the petition bureau of the chosen region), so it is kept,
 * screened and numbered like any other (信访必登), and gets its 15-day dispatch clock from today.
 *
 * Art. 19 ¶1: the written petition carries name, address, request, facts and reasons; ¶2: the petitioner answers for
 * the truth of what they provide — the form makes them confirm it (`truthful`).
 */

export interface PortalSubmission {
  channel: 'online' | 'mobile';
  name: string;
  idNumber: string;
  phone: string;
  address: string;
  regionCode: string;
  title: string;
  request: string;
  facts: string;
  reasons: string;
  /** Portal uploads to attach, each with the upload token its upload returned. */
  attachments: { id: string; token: string }[];
  /** Art. 19 ¶2: the petitioner confirms the material is true. */
  truthful: boolean;
  /** Honeypot: a field people never see; bots fill it. */
  website?: string | null;
  /** Drawn once per filled-in form: a second submission with it is refused as already submitted (`checkSubmissionsOfToday`). */
  submissionKey?: string | null;
}

export interface PortalReceipt {
  number: string;
  /** Shown once; only its hash is kept. */
  queryCode: string;
  receivedAt: string;
  registeringBody: string;
  attachmentCount: number;
}

export interface RequestMeta {
  ip: string;
  userAgent: string | null;
}

const ART_19 = '《信访工作条例》第十九条';


/** The registration's field names (petitioners.0.idNumber …) as the portal form names them. */
const FIELD_OF: Record<string, string> = {
  petitioners: 'name',
  'petitioners.0.name': 'name',
  'petitioners.0.idNumber': 'idNumber',
  'petitioners.0.phone': 'phone',
  'petitioners.0.address': 'address',
  regionCode: 'regionCode',
  'demands.0.title': 'title',
  'demands.0.content': 'request',
};

/** A VALIDATION error of the registration, re-addressed to the portal's fields (the registration's field codes). */
function portalValidation(err: XinfangError): XinfangError {
  const problems = (err.details as { problems?: Problem[] } | undefined)?.problems;
  if (!problems) return err;
  return validation(problems.map((p) => ({ ...p, field: FIELD_OF[p.field] ?? p.field })));
}

/** Everything wrong with the form, at once, under the portal's field names. */
function problemsOf(input: PortalSubmission, today: string): { problems: Problem[]; idNumber: string | null; phone: string | null; name: string } {
  const problems: Problem[] = [];
  const add = (field: string, messageZh: string, message: string, article?: string) => problems.push({ field, messageZh, message, ...(article ? { article } : {}) });
  const name = normaliseName(input.name ?? '');
  if (!name) add('name', '请填写姓名', 'name is required', ART_19);
  let idNumber: string | null = null;
  if (!input.idNumber?.trim()) add('idNumber', '请填写身份证号码', 'idNumber is required');
  else {
    const r = parseIdNumber(input.idNumber, today);
    if (r.ok) idNumber = r.id.value;
    else add('idNumber', r.problem.messageZh, r.problem.message);
  }
  let phone: string | null = null;
  if (!input.phone?.trim()) add('phone', '请填写手机号码', 'phone is required');
  else {
    const r = parsePhone(input.phone);
    if (r.ok && r.phone.kind === 'mobile') phone = r.phone.value;
    else add('phone', '手机号码无效：请填写11位手机号码', 'phone must be an 11-digit mobile number');
  }
  if (!input.address?.trim()) add('address', '请填写住址', 'address is required', ART_19);
  if (!input.title?.trim()) add('title', '请填写标题', 'title is required');
  if (!input.request?.trim()) add('request', '请填写诉求（您请求解决的问题）', 'request is required', ART_19);
  if (!input.facts?.trim()) add('facts', '请填写事实', 'facts are required', ART_19);
  if (!input.reasons?.trim()) add('reasons', '请填写理由', 'reasons are required', ART_19);
  if (input.truthful !== true) {
    add('truthful', '请阅读并勾选：本人对所提供材料内容的真实性负责', 'the petitioner must confirm the material is true', '《信访工作条例》第十九条第二款');
  }
  return { problems, idNumber, phone, name };
}

/** The content of the petition as one text, in the order of Art. 19 ¶1 (请求、事实、理由). */
export function composeContent(input: Pick<PortalSubmission, 'request' | 'facts' | 'reasons'>): string {
  return `【诉求】${input.request.trim()}\n【事实】${input.facts.trim()}\n【理由】${input.reasons.trim()}`;
}

/**
 * The keys a query may answer with besides the registry's ID number and phone: the phone the citizen typed on the
 * form (the registry keeps an earlier phone of a known person). Only a digest of its last 4 digits is kept, bound to
 * the query code's hash, in the portal's submission event.
 */
export function contactDigest(codeHash: string, last4: string): string {
  return createHash('sha256').update(`${codeHash}:${last4.toUpperCase()}`).digest('hex');
}

/** Attachment refusals of the registration (unknown id, wrong token, already used), as the citizen should read them. */
function attachmentRefusal(err: unknown): XinfangError | null {
  if (!(err instanceof AttachmentUnavailable)) return null;
  return new XinfangError('NOT_FOUND', '附件已失效或不存在，请重新上传', 'attachment not found, not uploaded here, or already used', {
    problems: [{ field: 'attachments', messageZh: '附件已失效或不存在，请重新上传', message: 'attachment not found, not uploaded here, or already used' }],
  });
}

/**
 * The portal's limits per ID number and China day: the same filled-in form (its `submissionKey`) is registered once
 * — a second request is answered 409 with the first one's number, since its query code was shown only to the first —
 * and at most `submissionsPerIdPerDay` petitions are submitted in all.
 */
async function checkSubmissionsOfToday(db: DbOrTx, idNumber: string, today: string, submissionKey: string | null, limits: PortalLimits): Promise<void> {
  const rows = await db
    .select({ number: petitions.number, receivedAt: petitions.receivedAt, details: petitions.details })
    .from(petitions)
    .innerJoin(petitionPetitioners, eq(petitionPetitioners.petitionId, petitions.id))
    .innerJoin(petitioners, eq(petitioners.id, petitionPetitioners.petitionerId))
    .where(and(eq(petitioners.idNumber, idNumber), eq(petitions.source, 'portal'), eq(petitions.receivedOn, today)));
  const same = submissionKey ? rows.find((r) => (r.details as { submissionKey?: unknown } | null)?.submissionKey === submissionKey) : undefined;
  if (same) {
    const at = same.receivedAt.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });
    throw new XinfangError(
      'CONFLICT',
      `这份信访已于今天 ${at} 提交成功，编号 ${same.number}，请勿重复提交。查询码已在提交成功的页面显示；如未记下，请携带身份证件到信访部门查询。`,
      `this form was already submitted (${same.number}); it is not registered twice`,
      { reason: 'ALREADY_SUBMITTED', number: same.number },
    );
  }
  if (rows.length >= limits.submissionsPerIdPerDay) {
    throw new XinfangError(
      'RATE_LIMITED',
      `同一身份证号码每天最多可提交 ${limits.submissionsPerIdPerDay} 件网上信访，今日已达上限，请明天再提交。已提交的信访事项可凭查询码查询办理进度。`,
      `at most ${limits.submissionsPerIdPerDay} portal submissions per ID number per day`,
      { field: 'idNumber', limit: limits.submissionsPerIdPerDay },
    );
  }
}

/**
 * All attachments of one submission together at most `attachmentBytesPerSubmission` (413). Sizes never change, so
 * checking before the registration is exact; which of them the submitter may link is checked when linking.
 */
async function checkAttachmentBytes(db: DbOrTx, ids: string[], limits: PortalLimits): Promise<void> {
  const unique = [...new Set(ids)].filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
  if (unique.length === 0) return;
  const [row] = await db.select({ bytes: sql<string>`coalesce(sum(${attachments.size}), 0)` }).from(attachments).where(inArray(attachments.id, unique));
  const max = limits.attachmentBytesPerSubmission;
  if (Number(row?.bytes ?? 0) > max) {
    const mib = Math.round((max / 1024 / 1024) * 10) / 10;
    const problem = { field: 'attachments', messageZh: `附件合计不能超过 ${mib} MB，请删去部分附件`, message: `the attachments of one submission may total at most ${max} bytes` };
    throw new XinfangError('TOO_LARGE', problem.messageZh, problem.message, { problems: [problem], maxBytes: max });
  }
}

export async function submitPetition(ctx: AppContext, input: PortalSubmission, meta: RequestMeta, limits: PortalLimits): Promise<PortalReceipt> {
  const now = ctx.now();
  const today = chinaDateOf(now);
  if (input.website?.trim()) {
    throw new XinfangError('VALIDATION', '提交失败，请刷新页面后重新填写', 'rejected (honeypot field filled)');
  }
  const { problems, idNumber, phone, name } = problemsOf(input, today);

  const [region] = await ctx.db.select({ code: regions.code, level: regions.level }).from(regions).where(eq(regions.code, input.regionCode));
  const bureau = region && (region.level === 'county' || region.level === 'city') ? await bureauForRegion(ctx.db, region.code) : null;
  if (!bureau) problems.push({ field: 'regionCode', messageZh: '请选择问题发生地（市、县区）', message: 'regionCode must be a city or county of this deployment' });
  if (input.attachments.length > limits.attachmentsPerSubmission) {
    problems.push({ field: 'attachments', messageZh: `附件最多 ${limits.attachmentsPerSubmission} 个`, message: `at most ${limits.attachmentsPerSubmission} attachments` });
  }
  if (problems.length) throw validation(problems);
  await checkAttachmentBytes(ctx.db, input.attachments.map((a) => a.id), limits);

  // Checked before the work of registering, and again under the lock inside the registration's transaction.
  await checkSubmissionsOfToday(ctx.db, idNumber!, today, input.submissionKey ?? null, limits);

  const request = input.request.trim();
  const facts = input.facts.trim();
  const reasons = input.reasons.trim();
  let registered;
  try {
    registered = await registerPetition(
      ctx,
      { kind: 'portal', bodyId: bureau!.id },
      {
        channel: input.channel,
        receivedAt: now.toISOString(),
        regionCode: region!.code,
        title: input.title.trim(),
        content: composeContent({ request, facts, reasons }),
        details: { request, facts, reasons, submittedVia: 'portal', ...(input.submissionKey ? { submissionKey: input.submissionKey } : {}) },
        petitioners: [{ name, idNumber, phone, address: input.address.trim() }],
        // Linked inside the registration's transaction: a wrong token refuses the whole submission, keeping nothing.
        attachmentIds: input.attachments.map((a) => a.id),
        attachmentTokens: Object.fromEntries(input.attachments.map((a) => [a.id, a.token])),
      },
      {
        // Submissions naming one ID number register one at a time (a transaction-scoped lock), so a double tap or two
        // tabs cannot both pass the checks: the second waits for the first to commit, then sees it.
        beforeWrite: async (tx) => {
          await lockXact(tx, 'portalIdNumber', idNumber!);
          await checkSubmissionsOfToday(tx, idNumber!, today, input.submissionKey ?? null, limits);
        },
        // The portal's own record, in the registration's transaction: the IP, and the contact digest a query may
        // answer with (the registry may hold an older phone of a known person).
        alsoRecord: ({ queryCode }) => [
          {
            type: 'portalSubmitted',
            payload: {
              ip: meta.ip,
              userAgent: meta.userAgent?.slice(0, 200) ?? null,
              channel: input.channel,
              contactDigests: [contactDigest(queryCodeHash(queryCode!), phone!.slice(-4))],
            },
          },
        ],
      },
    );
  } catch (err) {
    throw attachmentRefusal(err) ?? (err instanceof XinfangError && err.code === 'VALIDATION' ? portalValidation(err) : err);
  }
  const code = registered.queryCode!;

  const [registeringBody] = await ctx.db.select({ name: bodies.name }).from(bodies).where(eq(bodies.id, bureau!.id));
  return { number: registered.number, queryCode: code, receivedAt: now.toISOString(), registeringBody: registeringBody?.name ?? '', attachmentCount: new Set(input.attachments.map((a) => a.id)).size };
}
