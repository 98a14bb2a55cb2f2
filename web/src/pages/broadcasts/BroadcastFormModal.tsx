import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { BROADCAST_LIMITS, startBroadcast, useSegmentPreview, useSegments } from '../../api/broadcasts';
import { useErrorText } from '../../components/useShowError';

interface Values {
  segment_id: number;
  text: string;
  rate_per_minute?: number | null;
}

const NICK = '{买家}';
const chars = (s: string) => [...s].length;
const nickCount = (s: string) => s.split(NICK).length - 1;

/** Start a broadcast: a saved segment (with how many it reaches now), the text with {买家}, and the pace. */
export function BroadcastFormModal({ open, onClose, onStarted }: { open: boolean; onClose: () => void; onStarted: (id: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const textRef = useRef<TextAreaRef>(null);
  const segments = useSegments();
  const segmentId = Form.useWatch('segment_id', form);
  const text = Form.useWatch('text', form) ?? '';
  const preview = useSegmentPreview(open ? segmentId : undefined);

  async function submit(values: Values) {
    setBusy(true);
    setError(undefined);
    try {
      const { broadcast } = await startBroadcast({
        segment_id: values.segment_id, text: values.text.trim(),
        ...(values.rate_per_minute ? { rate_per_minute: values.rate_per_minute } : {}),
      });
      message.success(t('broadcasts.form.started'));
      await qc.invalidateQueries({ queryKey: ['broadcasts'] });
      form.resetFields();
      onStarted(broadcast.id);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  /** Puts {买家} where the cursor is, as a person would type it. */
  function insertNick() {
    const el = textRef.current?.resizableTextArea?.textArea;
    const current: string = form.getFieldValue('text') ?? '';
    const start = el?.selectionStart ?? current.length;
    const end = el?.selectionEnd ?? current.length;
    form.setFieldValue('text', current.slice(0, start) + NICK + current.slice(end));
    void form.validateFields(['text']);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + NICK.length, start + NICK.length);
    });
  }

  const noSegments = segments.isSuccess && segments.data.length === 0;

  return (
    <Modal
      title={t('broadcasts.form.title')}
      open={open}
      width={640}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('broadcasts.form.submit')}
      okButtonProps={{ loading: busy, disabled: noSegments, 'data-testid': 'broadcast-submit' }}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" size="small" onFinish={submit} preserve={false}>
        {noSegments && (
          <Alert
            type="info"
            showIcon
            title={t('broadcasts.form.noSegments')}
            action={<Link to="/customers/segments" onClick={onClose}>{t('broadcasts.form.toSegments')}</Link>}
            style={{ marginBottom: 12 }}
          />
        )}
        {segments.isError && <Alert type="error" showIcon title={errorText(segments.error)} style={{ marginBottom: 12 }} />}
        <Form.Item name="segment_id" label={t('broadcasts.form.segment')} rules={[{ required: true, message: t('broadcasts.form.segmentRequired') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('broadcasts.form.segmentPlaceholder')}
            loading={segments.isPending}
            options={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            data-testid="broadcast-segment"
          />
        </Form.Item>
        {segmentId !== undefined && preview.data && (
          <Alert
            type={preview.data.count ? 'success' : 'warning'}
            showIcon
            style={{ marginTop: -8, marginBottom: 12 }}
            data-testid="segment-reach"
            data-count={preview.data.count}
            title={preview.data.count
              ? t('broadcasts.form.reach', { count: preview.data.count, optedOut: preview.data.opted_out })
              : t('broadcasts.form.reachNone')}
          />
        )}
        <Form.Item
          name="text"
          label={t('broadcasts.form.text')}
          extra={t('broadcasts.form.textHint', { max: BROADCAST_LIMITS.nickPlaceholders })}
          rules={[
            { required: true, whitespace: true, message: t('broadcasts.form.textRequired') },
            {
              validator: (_, v: string | undefined) => {
                const s = (v ?? '').trim();
                if (chars(s) > BROADCAST_LIMITS.text) return Promise.reject(new Error(t('broadcasts.form.textTooLong', { max: BROADCAST_LIMITS.text })));
                if (nickCount(s) > BROADCAST_LIMITS.nickPlaceholders) {
                  return Promise.reject(new Error(t('broadcasts.form.tooManyNick', { max: BROADCAST_LIMITS.nickPlaceholders })));
                }
                return Promise.resolve();
              },
            },
          ]}
        >
          <Input.TextArea
            ref={textRef}
            rows={5}
            count={{ show: true, max: BROADCAST_LIMITS.text, strategy: chars }}
            data-testid="broadcast-text"
          />
        </Form.Item>
        <Space style={{ marginTop: -4, marginBottom: 12 }}>
          <Button size="small" onClick={insertNick} data-testid="broadcast-insert-nick">{t('broadcasts.form.insertNick')}</Button>
        </Space>
        {text.trim() && (
          <div style={{ marginBottom: 12 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('broadcasts.form.preview')}</Typography.Text>
            <div className="xe-pre" style={{ background: '#f5f5f5', borderRadius: 6, padding: '6px 10px', marginTop: 4 }} data-testid="broadcast-preview">
              {text.trim().replaceAll(NICK, t('broadcasts.form.previewNick'))}
            </div>
          </div>
        )}
        <Form.Item name="rate_per_minute" label={t('broadcasts.form.rate')} extra={t('broadcasts.form.rateHint', { n: BROADCAST_LIMITS.defaultRate })}>
          <InputNumber
            min={BROADCAST_LIMITS.minRate}
            max={BROADCAST_LIMITS.maxRate}
            precision={0}
            placeholder={String(BROADCAST_LIMITS.defaultRate)}
            suffix={t('broadcasts.form.rateUnit')}
            style={{ width: 200 }}
            data-testid="broadcast-rate"
          />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} data-testid="broadcast-error" />}
      </Form>
    </Modal>
  );
}
