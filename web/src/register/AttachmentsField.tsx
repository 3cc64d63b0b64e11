import { Button, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import { errorText } from '../api';
import type { AttachmentRow } from '../types';
import { registrationApi } from './api';
import { Field } from './Field';

/**
 * 附件: scanned pages, photos, recordings. Each file is uploaded as it is chosen (POST /attachments, docs/attachments.md);
 * the ids are linked when the petition is registered. The server decides what is accepted (type from the bytes,
 * 20 MiB per file) and its refusal is shown on the file.
 */
export function AttachmentsField({ onAdd, onRemove }: { onAdd: (row: AttachmentRow) => void; onRemove: (id: string) => void }) {
  const [files, setFiles] = useState<UploadFile<AttachmentRow>[]>([]);
  return (
    <Field field="attachmentIds" label="附件" extra="扫描件、照片、录音、文档；选择后即上传，登记时一并关联。">
      <div data-testid="attachments">
        <Upload<AttachmentRow>
          multiple
          fileList={files}
          onChange={({ fileList }) => setFiles(fileList)}
          customRequest={({ file, onSuccess, onError }) => {
            registrationApi
              .uploadAttachments([file as File])
              .then(({ items }) => {
                const row = items[0];
                if (row) onAdd(row);
                if (row) onSuccess?.(row);
              })
              .catch((err: unknown) => {
                onError?.(new Error(errorText(err)));
              });
          }}
          onRemove={(file) => {
            const id = file.response?.id;
            if (id) onRemove(id);
            return true;
          }}
        >
          <Button tabIndex={-1}>选择文件…</Button>
        </Upload>
        {files
          .filter((f) => f.status === 'error')
          .map((f) => (
            <div key={f.uid} data-testid="attachment-error">
              <Typography.Text type="danger">
                {f.name}：{(f.error as Error | undefined)?.message ?? '上传失败'}
              </Typography.Text>
            </div>
          ))}
      </div>
    </Field>
  );
}
