import { z } from 'zod';
import { RATINGS } from '../../domain/lifecycle';
import { CITIZEN_COMMANDS } from './actions';
import { PORTAL_TEXT_LIMITS as L } from './config';

/** Request and response shapes of the citizen portal (/api/v1/portal). Messages reach citizens: in Chinese. */

const text = (max: number, label: string) => z.string().max(max, `${label}不能超过 ${max} 个字`);

export const SubmissionBody = z.object({
  channel: z.enum(['online', 'mobile']).default('online'),
  name: text(L.name, '姓名'),
  idNumber: z.string().max(30, '身份证号码过长'),
  phone: z.string().max(30, '手机号码过长'),
  address: text(L.address, '住址'),
  regionCode: z.string().regex(/^\d{6}$/, '请选择问题发生地（市、县区）'),
  title: text(L.title, '标题'),
  request: text(L.request, '诉求'),
  facts: text(L.facts, '事实'),
  reasons: text(L.reasons, '理由'),
  attachments: z
    .array(z.object({ id: z.string().uuid('附件编号无效'), token: z.string().min(1).max(200) }))
    .max(50)
    .default([]),
  truthful: z.boolean(),
  /** Honeypot: left empty by people (the field is hidden), filled by bots. */
  website: z.string().max(200).optional().nullable(),
  /**
   * A random key the form draws once per filled-in form: the same key again (a double tap, a retry after a lost
   * answer) is refused as already submitted (409) instead of registering the petition twice.
   */
  submissionKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '提交编号无效，请刷新页面后重新提交').optional().nullable(),
});

export const Receipt = z.object({
  number: z.string().describe('信访件编号'),
  queryCode: z.string().describe('查询码: shown once, only its hash is kept'),
  receivedAt: z.string(),
  registeringBody: z.string().describe('the petition bureau that registered it'),
  attachmentCount: z.number(),
});

export const QueryBody = z.object({
  code: z.string().min(1, '请输入查询码').max(40, '查询码无效'),
  last4: z.string().regex(/^\s*[0-9Xx]{4}\s*$/, '请输入身份证号码或手机号码的后四位'),
});

/** 满意度评价 (Art. 21 ¶2): one of the three ratings, with the petitioner's own words if they wish. */
export const EvaluationBody = QueryBody.extend({
  rating: z.enum(RATINGS, '请选择满意、基本满意或不满意'),
  comment: text(L.evaluationComment, '评价意见').optional().nullable(),
});

/** 请求复查 / 请求复核 (Art. 35, 36): the body shown in the progress view; absent, the default one. */
export const AppealRequestBody = QueryBody.extend({
  stage: z.enum(['review', 'reReview'], '请选择请求复查或请求复核'),
  bodyId: z.string().uuid('复查（复核）机关无效，请重新查询后选择').optional().nullable(),
  /** Why the petitioner disagrees: shown to the appeal body and printed in its opinion's 信访请求. */
  reasons: z
    .string({ error: '请写明请求复查（复核）的理由' })
    .trim()
    .min(1, '请写明请求复查（复核）的理由：对哪些方面不服、为什么')
    .max(L.reasons, `理由不能超过 ${L.reasons} 个字`),
});

export const MatterNumberParams = z.object({ number: z.string().min(1).max(40) });

const CitizenActionDto = z.object({
  type: z.enum(CITIZEN_COMMANDS),
  labelZh: z.string(),
  dueOn: z.string().describe('last day of the window (China date)'),
  windowZh: z.string(),
  article: z.string(),
  appealBodies: z.array(z.object({ id: z.string(), name: z.string(), reasonZh: z.string(), isDefault: z.boolean() })).nullable(),
  noteZh: z.string().nullable(),
});

export const CitizenViewDto = z.object({
  petition: z.object({
    number: z.string(),
    title: z.string(),
    receivedAt: z.string(),
    receivedOn: z.string(),
    channelLabel: z.string(),
    registeringBody: z.string(),
  }),
  matters: z.array(
    z.object({
      number: z.string(),
      title: z.string(),
      status: z.string(),
      statusLabel: z.string(),
      timeline: z.array(z.object({ type: z.string(), label: z.string(), on: z.string(), text: z.string() })),
      /** Notices addressed to the petitioner (受理告知书, 不予受理告知书 …), downloadable with the same code. */
      documents: z.array(z.object({ id: z.string(), number: z.string(), title: z.string(), kindLabel: z.string(), issuedOn: z.string() })),
      /** What the petitioner may do now, computed by the lifecycle for the portal; empty when nothing is open. */
      actions: z.array(CitizenActionDto),
    }),
  ),
});

export const RegionTree = z.object({
  province: z.object({ code: z.string(), name: z.string() }).nullable(),
  cities: z.array(z.object({ code: z.string(), name: z.string(), counties: z.array(z.object({ code: z.string(), name: z.string() })) })),
});

export const PortalUploads = z.object({
  items: z.array(z.object({ id: z.string(), fileName: z.string(), mediaType: z.string(), size: z.number(), uploadToken: z.string() })),
});

export const PublishedOpinionsQuery = z.object({
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});

export const PublishedOpinionsDto = z.object({
  total: z.number(),
  items: z.array(
    z.object({
      number: z.string(),
      title: z.string(),
      reReviewBody: z.string(),
      outcomeLabel: z.string(),
      opinionOn: z.string(),
      publishedOn: z.string(),
      text: z.string(),
    }),
  ),
});
