import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addEntry, KNOWLEDGE_LIMITS, updateEntry, type KnowledgeEntry } from '../../api/knowledge';
import { useErrorText } from '../../components/useShowError';
import { ItemSelect } from './ItemSelect';

interface Values {
  question: string;
  similar: string[];
  answer: string;
  num_iid?: number | null;
}

const chars = (s: string) => [...s].length;

/** Add or change an entry: the standard question, how else buyers ask it, the answer, and optionally its item. */
export function EntryFormModal({ open, entry, onClose }: { open: boolean; entry?: KnowledgeEntry; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!open) return;
    setError(undefined);
    form.setFieldsValue(entry
      ? { question: entry.question, similar: entry.similar, answer: entry.answer, num_iid: entry.num_iid }
      : { question: '', similar: [], answer: '', num_iid: null });
  }, [open, entry?.id]);

  async function submit(v: Values) {
    setBusy(true);
    setError(undefined);
    try {
      const body = { question: v.question.trim(), similar: (v.similar ?? []).map((s) => s.trim()).filter(Boolean), answer: v.answer.trim(), num_iid: v.num_iid ?? null };
      if (entry) await updateEntry(entry.id, body); else await addEntry(body);
      message.success(t('kb.saved'));
      onClose();
      void qc.invalidateQueries({ queryKey: ['knowledge'] });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const max = (n: number) => ({
    validator: (_: unknown, v: string | undefined) =>
      chars((v ?? '').trim()) <= n ? Promise.resolve() : Promise.reject(new Error(t('kb.form.tooLong', { max: n }))),
  });

  return (
    <Modal
      title={t(entry ? 'kb.form.editTitle' : 'kb.form.addTitle')}
      open={open}
      width={640}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: busy, 'data-testid': 'kb-entry-submit' }}
      forceRender
    >
      <Form<Values> form={form} layout="vertical" size="small" onFinish={submit}>
        <Form.Item name="question" label={t('kb.question')} rules={[{ required: true, whitespace: true, message: t('kb.form.questionRequired') }, max(KNOWLEDGE_LIMITS.question)]}>
          <Input data-testid="kb-entry-question" />
        </Form.Item>
        <Form.Item
          name="similar"
          label={t('kb.similar')}
          extra={t('kb.form.similarHint')}
          rules={[{
            validator: (_, v: string[] | undefined) => ((v ?? []).length <= KNOWLEDGE_LIMITS.similar ? Promise.resolve()
              : Promise.reject(new Error(t('kb.form.tooManySimilar', { max: KNOWLEDGE_LIMITS.similar })))),
          }]}
        >
          <Select
            mode="tags"
            open={false}
            suffixIcon={null}
            tokenSeparators={['\n']}
            placeholder={t('kb.form.similarPlaceholder')}
            data-testid="kb-entry-similar"
          />
        </Form.Item>
        <Form.Item name="answer" label={t('kb.answer')} rules={[{ required: true, whitespace: true, message: t('kb.form.answerRequired') }, max(KNOWLEDGE_LIMITS.answer)]}>
          <Input.TextArea rows={5} count={{ show: true, max: KNOWLEDGE_LIMITS.answer, strategy: chars }} data-testid="kb-entry-answer" />
        </Form.Item>
        <Form.Item name="num_iid" label={t('kb.item')} extra={t('kb.form.itemHint')}>
          <ItemSelect placeholder={t('kb.form.itemPlaceholder')} data-testid="kb-entry-item" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} data-testid="kb-entry-error" />}
      </Form>
    </Modal>
  );
}
