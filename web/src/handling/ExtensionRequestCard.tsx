import { Alert } from 'antd';
import type { ExtensionRequestView } from '../types';

/** 申请延期 awaiting a head's decision (Art. 34): the time limit moves only when a head approves it. */
export function ExtensionRequestCard({ request }: { request: ExtensionRequestView }) {
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="extension-request"
      title={`延期申请待批准：${request.days} 日`}
      description={`${request.requestedBy.name} 于 ${request.on} 申请，理由：${request.reason}。须由本机关主要负责人或分管领导批准后方延长办理期限并告知信访人（《信访工作条例》第三十四条）。`}
    />
  );
}
