import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requirePermission } from '../../http/auth';
import { ErrorResponse } from '../../http/schemas';
import { BODY_COLUMNS, USER_COLUMNS } from '../../domain/org';
import { XinfangError } from '../../shared/errors';
import { BODY_EXAMPLES, USER_EXAMPLES, importBodies, importUsers, type SheetUpload } from './bulk-load';
import { templateCsv, templateXlsx } from './sheet';

const MAX_SHEET_BYTES = 10 * 1024 * 1024;

const Problem = z.object({ column: z.string().describe('the column header (单位代码 …); empty for the row or file as a whole'), reason: z.string() });
const ImportResult = z.object({
  applied: z.boolean().describe('false: the file had problems and nothing was written (all or nothing)'),
  counts: z.object({ rows: z.number().int(), created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), errors: z.number().int() }),
  fileProblems: z.array(Problem),
  rows: z.array(
    z.object({
      row: z.number().int().describe('the spreadsheet row (the header is row 1)'),
      key: z.string().describe('the body code or login'),
      action: z.enum(['created', 'updated', 'unchanged', 'error']),
      changed: z.array(z.string()).optional(),
      problems: z.array(Problem).optional(),
      temporaryPassword: z.string().optional().describe('a new user’s one-time password, returned this once'),
    }),
  ),
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function attachment(ascii: string, zh: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(zh)}`;
}

/** The one file of the upload (multipart/form-data, field name free), read whole: a sheet is small. */
async function upload(request: FastifyRequest): Promise<SheetUpload> {
  if (!request.isMultipart()) throw new XinfangError('VALIDATION', '请以 multipart/form-data 方式上传文件', 'expected a multipart/form-data body');
  try {
    const part = await request.file();
    if (!part) throw new XinfangError('VALIDATION', '请选择要导入的文件', 'no file in the upload');
    return { fileName: part.filename, bytes: await part.toBuffer() };
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new XinfangError('TOO_LARGE', `导入文件不能超过 ${MAX_SHEET_BYTES / 1024 / 1024} MB`, `the file may be at most ${MAX_SHEET_BYTES} bytes`);
    }
    throw err;
  }
}

/**
 * 单位、用户批量导入 (administrator): the templates to download and the imports, all or nothing (src/modules/org/bulk-load.ts).
 * New users' one-time passwords are in the import's answer and nowhere else.
 */
export const orgBulkRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(multipart, { throwFileSizeLimit: true, limits: { fileSize: MAX_SHEET_BYTES, files: 1, fields: 5, parts: 6 } });
  const admin = requirePermission('admin.manage');

  for (const [kind, columns, examples, zh] of [
    ['bodies', BODY_COLUMNS, BODY_EXAMPLES, '单位导入模板'],
    ['users', USER_COLUMNS, USER_EXAMPLES, '用户导入模板'],
  ] as const) {
    app.get(
      `/${kind}/template.xlsx`,
      { preHandler: admin, schema: { tags: ['admin'], summary: `The ${kind} import template (.xlsx): the header with a note per column, and a sheet of examples`, produces: [XLSX] } },
      async (_request, reply) =>
        reply.header('content-type', XLSX).header('content-disposition', attachment(`${kind}-template.xlsx`, `${zh}.xlsx`)).send(await templateXlsx(columns, examples)),
    );
    app.get(
      `/${kind}/template.csv`,
      { preHandler: admin, schema: { tags: ['admin'], summary: `The ${kind} import template (.csv, UTF-8 with BOM): the header line`, produces: ['text/csv'], response: { 200: z.string() } } },
      async (_request, reply) =>
        reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', attachment(`${kind}-template.csv`, `${zh}.csv`)).send(templateCsv(columns)),
    );
  }

  app.post(
    '/bodies/import',
    {
      preHandler: admin,
      schema: {
        tags: ['admin'],
        summary: 'Import bodies from a spreadsheet (.xlsx or .csv, multipart): all or nothing; each row created, updated or unchanged by its code, or its problems by row and column',
        consumes: ['multipart/form-data'],
        response: { 200: ImportResult, 400: ErrorResponse, 413: ErrorResponse },
      },
    },
    async (request) => importBodies(app.ctx.db, principalOf(request), await upload(request), app.ctx.now()),
  );

  app.post(
    '/users/import',
    {
      preHandler: admin,
      schema: {
        tags: ['admin'],
        summary: 'Import users from a spreadsheet (.xlsx or .csv, multipart): all or nothing; new users get one-time passwords, returned once in this answer',
        consumes: ['multipart/form-data'],
        response: { 200: ImportResult, 400: ErrorResponse, 413: ErrorResponse },
      },
    },
    async (request) => importUsers(app.ctx.db, principalOf(request), await upload(request), app.ctx.now()),
  );
};
