import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { bodies } from '../../db/schema';
import { queryRows, type DbOrTx } from '../../db/tx';
import {
  DOCUMENT_KINDS,
  DOCUMENT_KIND_LABELS,
  KIND_WORD,
  STATUTORY_CONTENT,
  applyTemplate,
  defaultTemplate,
  documentNumber,
  issuerPrefix,
  sampleDocument,
  templatesInForce,
  templatesProblems,
  type DocumentKind,
  type DocumentTemplate,
  type DocumentTemplateOverrides,
} from '../../domain/documents';
import { validation } from '../../shared/errors';
import type { StaffPrincipal } from '../auth/principal';
import { getSetting, putSetting } from '../settings/service';
import { renderDocx } from './docx';

/**
 * 文书模板 (系统管理): the `documentTemplates` setting holds the kinds an administrator edited; every change is a
 * `setting.changed` event with its actor, from which the history is read. The issuer reads the setting in the
 * issuing transaction (issue.ts).
 */

const FIELD_LABELS: Readonly<Record<keyof DocumentTemplate, string>> = {
  kindWord: '文种代字',
  closing: '结束语',
  paragraphs: '固定段落',
  contact: '附注（联系方式）',
  signature: '落款',
  seal: '印章占位',
};

function normalized(t: DocumentTemplate): DocumentTemplate {
  return {
    kindWord: t.kindWord.trim(),
    closing: t.closing.trim(),
    paragraphs: t.paragraphs.map((p) => p.trim()).filter(Boolean),
    contact: t.contact.trim(),
    signature: t.signature.trim(),
    seal: t.seal,
  };
}

const same = (a: DocumentTemplate, b: DocumentTemplate) => JSON.stringify(normalized(a)) === JSON.stringify(normalized(b));

async function historyRows(db: DbOrTx) {
  return queryRows<{ id: string | number; occurred_at: Date | string; login: string | null; display_name: string | null; payload: { value: DocumentTemplateOverrides } }>(
    db,
    sql`SELECT e.id, e.occurred_at, u.login, u.display_name, e.payload FROM events e LEFT JOIN users u ON u.id = e.actor_user_id
        WHERE e.entity_type = 'setting' AND e.entity_id = 'documentTemplates' ORDER BY e.seq ASC`,
  );
}

function show(field: keyof DocumentTemplate, t: DocumentTemplate): string {
  if (field === 'seal') return t.seal ? '是' : '否';
  if (field === 'paragraphs') return t.paragraphs.join('\n');
  return t[field];
}

/** Every kind's template in force beside today's default and the statutory content it cannot touch; the history, newest first. */
export async function documentTemplatesView(db: DbOrTx) {
  const overrides = await getSetting(db, 'documentTemplates');
  const inForce = templatesInForce(overrides);
  const items = DOCUMENT_KINDS.map((kind) => ({
    kind,
    labelZh: DOCUMENT_KIND_LABELS[kind],
    template: inForce[kind],
    default: defaultTemplate(kind),
    edited: overrides[kind] !== undefined,
    statutory: STATUTORY_CONTENT[kind],
  }));
  let previous = templatesInForce({});
  const history = (await historyRows(db)).map((r) => {
    const now = templatesInForce(r.payload.value ?? {});
    const changes = DOCUMENT_KINDS.filter((k) => !same(now[k], previous[k])).map((kind) => ({
      kind,
      labelZh: DOCUMENT_KIND_LABELS[kind],
      fields: (Object.keys(FIELD_LABELS) as (keyof DocumentTemplate)[])
        .filter((f) => show(f, now[kind]) !== show(f, previous[kind]))
        .map((field) => ({ field, labelZh: FIELD_LABELS[field], before: show(field, previous[kind]), after: show(field, now[kind]) })),
    }));
    previous = now;
    return { id: Number(r.id), occurredAt: new Date(r.occurred_at).toISOString(), actor: r.login ? { login: r.login, name: r.display_name ?? r.login } : null, changes };
  });
  return { items, history: history.reverse() };
}

/** The 文种代字 each kind had in every saved version, and by default: a word once a kind's stays that kind's. */
async function wordsUsedBefore(db: DbOrTx): Promise<Partial<Record<DocumentKind, string>>[]> {
  const rows = await historyRows(db);
  const wordsOf = (o: DocumentTemplateOverrides) => Object.fromEntries(DOCUMENT_KINDS.map((k) => [k, templatesInForce(o)[k].kindWord]));
  return [KIND_WORD, ...rows.map((r) => wordsOf(r.payload.value ?? {}))];
}

/**
 * Saves templates (kinds not given keep theirs); a template equal to today's default is stored as no edit. Refused,
 * with every problem in Chinese, when a part is malformed or a 文种代字 is another kind's now or was before.
 */
export async function putDocumentTemplates(ctx: AppContext, p: StaffPrincipal, given: DocumentTemplateOverrides) {
  const current = await getSetting(ctx.db, 'documentTemplates');
  const next: DocumentTemplateOverrides = { ...current };
  for (const kind of DOCUMENT_KINDS) {
    const t = given[kind];
    if (!t) continue;
    if (same(t, defaultTemplate(kind))) delete next[kind];
    else next[kind] = normalized(t);
  }
  const problems = templatesProblems(templatesInForce(next), await wordsUsedBefore(ctx.db));
  if (problems.length) throw validation(problems.map((messageZh) => ({ field: 'documentTemplates', messageZh, message: 'invalid document template' })));
  if (JSON.stringify(next) !== JSON.stringify(current)) await putSetting(ctx, p, 'documentTemplates', next);
  return documentTemplatesView(ctx.db);
}

/**
 * A sample document of a kind as .docx, in the template in force or a draft not yet saved: invented matter and
 * dates, the administrator's own body as issuer, sequence number 1. The draft is checked like a save, so the
 * preview never shows what could not be saved.
 */
export async function previewDocx(ctx: Pick<AppContext, 'db'>, p: StaffPrincipal, kind: DocumentKind, draft?: DocumentTemplate) {
  const inForce = templatesInForce(await getSetting(ctx.db, 'documentTemplates'));
  const template = draft ? normalized(draft) : inForce[kind];
  if (draft) {
    const problems = templatesProblems({ ...inForce, [kind]: template }, await wordsUsedBefore(ctx.db));
    if (problems.length) throw validation(problems.map((messageZh) => ({ field: 'template', messageZh, message: 'invalid document template' })));
  }
  const [body] = await ctx.db.select({ name: bodies.name, abbreviation: bodies.abbreviation }).from(bodies).where(eq(bodies.id, p.body.id));
  const issuer = body?.name ?? p.body.name;
  const text = applyTemplate(kind, sampleDocument(kind, issuer), template);
  const number = documentNumber(issuerPrefix(issuer, body?.abbreviation), kind, Number(text.issuedOn.slice(0, 4)), 1, template.kindWord);
  const buffer = await renderDocx({ ...text, number, kind });
  return { number, title: `${text.title}（样张）`, buffer };
}
