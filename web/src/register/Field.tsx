import { Form } from 'antd';
import { createContext, useContext, type CSSProperties, type ReactNode } from 'react';
import { fieldDomId, problemText, type ProblemMap } from './model';

/** The server's problems by form field (see model.toFormField), for every field of the form to look up its own. */
export const ProblemsContext = createContext<ProblemMap>({});

export function useProblem(field: string): string | undefined {
  return problemText(useContext(ProblemsContext)[field]);
}

/**
 * A labelled form item showing the problem the server (or the representative check) reported for `field`. The
 * wrapper carries the field's DOM id and `data-field-error`, so the page can scroll to the first problem in form
 * order.
 */
export function Field({
  field,
  label,
  required,
  extra,
  children,
  style,
}: {
  field: string;
  label?: ReactNode;
  required?: boolean;
  extra?: ReactNode;
  children: ReactNode;
  style?: CSSProperties;
}) {
  const problem = useProblem(field);
  return (
    <div id={fieldDomId(field)} data-field-error={problem ? 'true' : undefined} style={style}>
      <Form.Item
        label={label}
        required={required}
        validateStatus={problem ? 'error' : undefined}
        help={
          problem ? (
            <span data-testid="field-error" data-field={field}>
              {problem}
            </span>
          ) : undefined
        }
        extra={extra}
        style={{ marginBottom: 12 }}
      >
        {children}
      </Form.Item>
    </div>
  );
}
