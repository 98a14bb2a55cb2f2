import { Alert, App, Button, Form, Modal, type ButtonProps, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { useErrorText } from '../../../components/useShowError';

/** A form that failed the server's own request schema before it was sent. */
export class InvalidForm extends Error {}

/** Checks a request body against the API's Zod schema, so the form refuses exactly what the server would. */
export function parseWith<S extends z.ZodTypeAny>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InvalidForm(`${issue.path.join('.')}: ${issue.message}`);
  }
  return result.data;
}

interface Props<V> {
  label: ReactNode;
  title: ReactNode;
  testId: string;
  button?: ButtonProps;
  initialValues?: Partial<V>;
  width?: number;
  onSubmit: (values: V) => Promise<unknown>;
  children: (form: FormInstance<V>) => ReactNode;
}

/** A button opening a small form; the server's refusal stays in the dialog in its own words. */
export function ActionModal<V extends object>({ label, title, testId, button, initialValues, width, onSubmit, children }: Props<V>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<V>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(values: V) {
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(values);
      setOpen(false);
      message.success(t('common.done'));
    } catch (err) {
      setError(err instanceof InvalidForm ? `${t('common.invalid')} ${err.message}` : errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button size="small" {...button} data-testid={`action-${testId}`} onClick={() => { setError(undefined); setOpen(true); }}>{label}</Button>
      <Modal
        title={title}
        open={open}
        width={width ?? 480}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: busy, 'data-testid': `submit-${testId}` }}
        destroyOnHidden
      >
        <Form<V> form={form} layout="vertical" initialValues={initialValues} onFinish={submit} preserve={false}>
          {children(form)}
          {error && <Alert type="error" showIcon title={error} data-testid="action-error" />}
        </Form>
      </Modal>
    </>
  );
}
