import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { BODY_COLUMNS, USER_COLUMNS } from '../../../src/domain/org/bulk-load';
import { errorText } from '../api';
import { bulkImportApi, type ImportKind, type ImportResult } from './api';

const NOUN: Record<ImportKind, { noun: string; key: string }> = { bodies: { noun: '机构', key: '单位代码' }, users: { noun: '用户', key: '登录名' } };
/** A changed field under its column's header, as the sheet names it. */
const HEADERS: Record<ImportKind, Map<string, string>> = {
  bodies: new Map(BODY_COLUMNS.map((c) => [c.key, c.header])),
  users: new Map(USER_COLUMNS.map((c) => [c.key, c.header])),
};
const ACTION: Record<ImportResult['rows'][number]['action'], { text: string; color: string }> = {
  created: { text: '新建', color: 'green' },
  updated: { text: '更新', color: 'blue' },
  unchanged: { text: '未变', color: 'default' },
  error: { text: '有误', color: 'red' },
};

/**
 * 批量导入: the template to fill, the upload, and what the import did row by row. The import is all or nothing, so a
 * file with problems lists every one (row, column, reason) and changes nothing; new users' one-time passwords are
 * shown here once, as the API returns them once.
 */
export function BulkImportButton({ kind, onImported }: { kind: ImportKind; onImported: () => void }) {
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const { noun, key } = NOUN[kind];
  const upload = useMutation({
    mutationFn: (file: File) => bulkImportApi.upload(kind, file),
    onSuccess: (r) => {
      setResult(r);
      if (r.applied) onImported();
    },
  });
  const close = () => {
    setOpen(false);
    setResult(null);
    upload.reset();
  };
  const shown = result ? result.rows.filter((r) => r.action !== 'unchanged') : [];
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid={`${kind}-import`}>
        批量导入
      </Button>
      <Modal title={`批量导入${noun}`} open={open} onCancel={close} footer={<Button onClick={close}>关闭</Button>} width={760} destroyOnHidden>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph style={{ margin: 0 }}>
            下载模板填写后上传（.xlsx 或 .csv）。按{key}对应：已有的更新，没有的新建，相同的不变。文件中任何一行有误则整份不导入，并逐行列出问题。
          </Typography.Paragraph>
          <Space>
            <a href={bulkImportApi.templateUrl(kind, 'xlsx')} data-testid={`${kind}-template-xlsx`}>
              下载模板（.xlsx）
            </a>
            <a href={bulkImportApi.templateUrl(kind, 'csv')}>下载模板（.csv）</a>
          </Space>
          <Upload
            accept=".xlsx,.csv"
            maxCount={1}
            showUploadList={false}
            beforeUpload={(file) => {
              setResult(null);
              upload.mutate(file);
              return false;
            }}
          >
            <Button type="primary" loading={upload.isPending} data-testid={`${kind}-import-file`}>
              选择文件并导入
            </Button>
          </Upload>
          {upload.isError && <Alert type="error" showIcon title={errorText(upload.error)} />}
          {result && (
            <Alert
              type={result.applied ? 'success' : 'error'}
              showIcon
              data-testid={`${kind}-import-result`}
              title={
                result.applied
                  ? `已导入：共 ${result.counts.rows} 行，新建 ${result.counts.created}，更新 ${result.counts.updated}，未变 ${result.counts.unchanged}`
                  : `未导入：${result.counts.errors} 行有误，整份文件未写入，请改正后重新上传`
              }
              description={result.fileProblems.map((p) => `${p.column ? `${p.column}：` : ''}${p.reason}`).join('；') || undefined}
            />
          )}
          {result && shown.length > 0 && (
            <Table
              size="small"
              rowKey="row"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              dataSource={shown}
              columns={[
                { title: '行', dataIndex: 'row', width: 56 },
                { title: key, dataIndex: 'key', width: 140 },
                { title: '结果', dataIndex: 'action', width: 72, render: (a: keyof typeof ACTION) => <Tag color={ACTION[a].color}>{ACTION[a].text}</Tag> },
                {
                  title: '说明',
                  render: (_: unknown, r: ImportResult['rows'][number]) =>
                    r.problems?.length
                      ? r.problems.map((p) => `${p.column ? `${p.column}：` : ''}${p.reason}`).join('；')
                      : r.temporaryPassword
                        ? `一次性密码 ${r.temporaryPassword}（首次登录须修改，仅此显示一次）`
                        : r.changed?.length
                          ? `变更：${r.changed.map((f) => HEADERS[kind].get(f) ?? f).join('、')}`
                          : '',
                },
              ]}
            />
          )}
        </Space>
      </Modal>
    </>
  );
}
