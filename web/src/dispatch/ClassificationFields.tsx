import { useQuery } from '@tanstack/react-query';
import { Cascader, Col, Form, Row, Select } from 'antd';
import type { FormInstance } from 'antd';
import { api, queryKeys } from '../api';
import type { Art31Route, CategoryNode, ClassificationScheme, ClassificationView, CommandOfType, Purpose } from '../types';

/** The classification the server holds for purposes, Art. 31 routes and the category tree; cached for the session. */
export function useClassificationScheme() {
  return useQuery({ queryKey: queryKeys.classification, queryFn: () => api.classification(), staleTime: 10 * 60_000 });
}

export interface CascaderOption {
  value: string;
  label: string;
  children?: CascaderOption[];
}

export function categoryOptions(tree: CategoryNode[] | undefined): CascaderOption[] {
  return (tree ?? []).map((n) => ({ value: n.code, label: n.name, children: n.children?.length ? categoryOptions(n.children) : undefined }));
}

/** The form values of a classification (`purpose`, `categoryPath`, `art31Route`). */
export interface ClassificationValues {
  purpose?: string;
  categoryPath?: string[];
  art31Route?: string | null;
}

export function classificationInitial(c: ClassificationView | null | undefined): ClassificationValues {
  return c ? { purpose: c.purpose, categoryPath: c.categoryPath, art31Route: c.art31Route ?? undefined } : { purpose: undefined, categoryPath: undefined, art31Route: undefined };
}

/** Whether the purpose needs its Art. 31 route (申诉、求决), as the server's scheme says. */
export function needsRoute(scheme: ClassificationScheme | undefined, purpose: string | undefined): boolean {
  return !!purpose && !!scheme?.purposes.find((p) => p.code === purpose)?.needsArt31Route;
}

/** The classify command of the values, or null when they are incomplete. */
export function classifyCommand(scheme: ClassificationScheme | undefined, v: ClassificationValues): CommandOfType<'classify'> | null {
  if (!v.purpose || !v.categoryPath?.length) return null;
  const route = needsRoute(scheme, v.purpose) ? (v.art31Route ?? null) : null;
  // The selects offer the scheme's codes only: the values are the server's purposes and routes.
  return { type: 'classify', purpose: v.purpose as Purpose, categoryPath: v.categoryPath, art31Route: route as Art31Route | null };
}

export function sameClassification(a: ClassificationValues, b: ClassificationValues, scheme: ClassificationScheme | undefined): boolean {
  const route = (v: ClassificationValues) => (needsRoute(scheme, v.purpose) ? (v.art31Route ?? null) : null);
  return a.purpose === b.purpose && (a.categoryPath ?? []).join('/') === (b.categoryPath ?? []).join('/') && route(a) === route(b);
}

/**
 * 信访目的, 内容分类 (the configured tree, one to three levels) and, for 申诉/求决, the Art. 31 route. Lives inside a
 * parent <Form>; `required` makes the three fields required (the classify command), otherwise they may stay empty.
 */
export function ClassificationFields({ form, required = false, compact = false }: { form: FormInstance; required?: boolean; compact?: boolean }) {
  const scheme = useClassificationScheme();
  const purpose = Form.useWatch('purpose', form) as string | undefined;
  const routeNeeded = needsRoute(scheme.data, purpose);
  const span = compact ? 8 : 12;
  return (
    <Row gutter={12}>
      <Col span={span}>
        <Form.Item name="purpose" label="信访目的" rules={required ? [{ required: true, message: '请选择信访目的' }] : undefined}>
          <Select
            data-testid="classify-purpose"
            placeholder="选择信访目的"
            loading={scheme.isPending}
            options={(scheme.data?.purposes ?? []).map((p) => ({ value: p.code, label: p.label }))}
            allowClear={!required}
          />
        </Form.Item>
      </Col>
      <Col span={span}>
        <Form.Item name="categoryPath" label="内容分类" rules={required ? [{ required: true, message: '请选择内容分类' }] : undefined}>
          <Cascader
            data-testid="classify-category"
            placeholder="选择内容分类（可只选一级）"
            options={categoryOptions(scheme.data?.categories)}
            // A click expands a level and keeps the popup open (a level-1 alone is still a valid choice); with
            // hover expansion antd closes the popup on that click and the sub-categories cannot be reached.
            changeOnSelect
            showSearch={{ filter: (input, path) => path.some((o) => String(o.label).includes(input)) }}
            displayRender={(labels) => labels.join(' › ')}
            style={{ width: '100%' }}
          />
        </Form.Item>
      </Col>
      {routeNeeded && (
        <Col span={compact ? 8 : 24}>
          <Form.Item
            name="art31Route"
            label="办理途径（第三十一条）"
            rules={[{ required: true, message: '申诉、求决类事项须确定第三十一条的办理途径' }]}
          >
            <Select
              data-testid="classify-route"
              placeholder="选择办理途径"
              options={(scheme.data?.art31Routes ?? []).map((r) => ({ value: r.code, label: r.label, title: r.article }))}
              popupMatchSelectWidth={false}
            />
          </Form.Item>
        </Col>
      )}
    </Row>
  );
}
