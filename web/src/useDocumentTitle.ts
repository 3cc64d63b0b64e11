import { useEffect } from 'react';

export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} - 信访工作平台` : '信访工作平台';
  }, [title]);
}
