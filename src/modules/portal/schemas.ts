import { z } from 'zod';
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
