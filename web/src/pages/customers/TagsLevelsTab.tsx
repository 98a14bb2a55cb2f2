import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert, App, Button, Card, Col, ColorPicker, Form, Input, InputNumber, Modal, Popconfirm, Row, Space, Table, Tag, Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../components/useShowError';
import { formatTime } from '../../lib/time';
import { LIMITS, useLevels, useSaveLevels, useTagCommands, useTags, type Level, type TagInfo } from './api';
import { useAmountRule } from './CustomerSearchForm';
import { fenToYuan, yuanToFen } from './fen';
import { TagChip } from './parts';

/** 标签与等级: for accounts that manage the shop's settings (setting.manage). */
export function TagsLevelsTab() {
  return (
    <Row gutter={12}>
      <Col xs={24} xl={13}><TagsCard /></Col>
      <Col xs={24} xl={11}><LevelsCard /></Col>
    </Row>
  );
}

// antd's preset colours, which the server accepts by name; any other colour goes as #rrggbb.
const PRESETS = ['magenta', 'red', 'volcano', 'orange', 'gold', 'lime', 'green', 'cyan', 'blue', 'geekblue', 'purple'];

function TagColorInput({ value, onChange }: { value?: string; onChange?: (v: string) => void }) {
  const { t } = useTranslation();
  const custom = value?.startsWith('#') ? value : undefined;
  return (
    <Space wrap size={[4, 8]}>
      {PRESETS.map((c) => (
        <Tag.CheckableTag
          key={c}
          checked={value === c}
          onChange={() => onChange?.(c)}
          style={{ padding: 2, border: value === c ? '1px solid #ff5000' : '1px solid transparent' }}
          data-testid={`tag-color-${c}`}
        >
          <Tag color={c} style={{ margin: 0 }}>{c}</Tag>
        </Tag.CheckableTag>
      ))}
      <ColorPicker
        disabledAlpha
        value={custom ?? '#1677ff'}
        onChangeComplete={(color) => onChange?.(color.toHexString().slice(0, 7).toLowerCase())}
        showText={() => t('customers.tags.custom')}
        size="small"
      />
    </Space>
  );
}

interface TagValues {
  name: string;
  color: string;
}

function TagsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const tags = useTags();
  const { add, update, remove } = useTagCommands();
  const [editing, setEditing] = useState<TagInfo | 'new'>();
  const [error, setError] = useState<string>();
  const [form] = Form.useForm<TagValues>();
  const name = Form.useWatch('name', form);
  const color = Form.useWatch('color', form);

  function open(tag: TagInfo | 'new') {
    setError(undefined);
    setEditing(tag);
    form.setFieldsValue(tag === 'new' ? { name: '', color: 'blue' } : { name: tag.name, color: tag.color });
  }

  async function submit(v: TagValues) {
    setError(undefined);
    try {
      if (editing === 'new') await add.mutateAsync({ name: v.name.trim(), color: v.color });
      else if (editing) await update.mutateAsync({ id: editing.id, name: v.name.trim(), color: v.color });
      setEditing(undefined);
      message.success(t('common.done'));
    } catch (err) {
      setError(errorText(err));
    }
  }

  async function drop(tag: TagInfo) {
    try {
      await remove.mutateAsync(tag.id);
      message.success(t('common.done'));
    } catch (err) {
      message.error(errorText(err));
    }
  }

  return (
    <Card
      size="small"
      title={t('customers.tags.title')}
      extra={<Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="tag-add">{t('customers.tags.add')}</Button>}
      style={{ marginBottom: 12 }}
    >
      <Table<TagInfo>
        size="small"
        rowKey="id"
        loading={tags.isFetching}
        dataSource={tags.data ?? []}
        pagination={{ pageSize: 20, size: 'small', hideOnSinglePage: true }}
        locale={{ emptyText: t('customers.tags.none') }}
        columns={[
          { title: t('customers.tags.name'), dataIndex: 'name', render: (_, tag) => <span data-testid={`tag-row-${tag.name}`}><TagChip tag={tag} /></span> },
          { title: t('customers.tags.customers'), dataIndex: 'customers', width: 80, align: 'right' },
          { title: t('customers.tags.created'), dataIndex: 'created_at', width: 150, render: (v: string) => formatTime(v) },
          {
            title: t('common.actions'), key: 'actions', width: 110,
            render: (_, tag) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => open(tag)}>{t('customers.tags.editLink')}</Button>
                <Popconfirm title={t('customers.tags.deleteConfirm', { name: tag.name })} onConfirm={() => drop(tag)}>
                  <Button type="link" size="small" danger>{t('common.remove')}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== undefined}
        title={editing === 'new' ? t('customers.tags.add') : t('customers.tags.edit')}
        onCancel={() => setEditing(undefined)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: add.isPending || update.isPending, ...({ 'data-testid': 'tag-submit' } as object) }}
        forceRender
      >
        <Form<TagValues> form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="name" label={t('customers.tags.name')} rules={[{ required: true, whitespace: true, message: t('customers.tags.nameRequired') }]}>
            <Input maxLength={LIMITS.tagName} showCount data-testid="tag-name" />
          </Form.Item>
          <Form.Item name="color" label={t('customers.tags.color')}>
            <TagColorInput />
          </Form.Item>
          <Form.Item noStyle>
            {name?.trim() && <TagChip tag={{ name: name.trim(), color: color ?? 'blue' }} />}
          </Form.Item>
        </Form>
        {error && <Alert type="error" title={error} style={{ marginTop: 12 }} />}
      </Modal>
    </Card>
  );
}

interface LevelValues {
  levels: { name: string; min_spend?: string }[];
}

function LevelsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const levels = useLevels();
  const save = useSaveLevels();
  const amountRule = useAmountRule();
  const [error, setError] = useState<string>();
  const counts = new Map((levels.data ?? []).map((l) => [l.name, l.customers]));

  async function submit(v: LevelValues) {
    setError(undefined);
    const body: Level[] = v.levels.map((l) => ({ name: l.name.trim(), min_spend: yuanToFen(l.min_spend) ?? 0 }));
    try {
      await save.mutateAsync(body);
      message.success(t('common.done'));
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <Card size="small" title={t('customers.levels.title')}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('customers.levels.hint')}</Typography.Paragraph>
      {levels.data && (
        <Form<LevelValues>
          // Reset to what the server holds after each save.
          key={JSON.stringify(levels.data)}
          initialValues={{ levels: levels.data.map((l) => ({ name: l.name, min_spend: fenToYuan(l.min_spend) })) }}
          onFinish={submit}
          data-testid="levels-form"
        >
          <Form.List name="levels">
            {(fields, { add, remove }) => (
              <>
                <Row gutter={8} style={{ marginBottom: 4 }}>
                  <Col span={9}><Typography.Text type="secondary">{t('customers.levels.name')}</Typography.Text></Col>
                  <Col span={9}><Typography.Text type="secondary">{t('customers.levels.minSpend')}</Typography.Text></Col>
                  <Col span={4}><Typography.Text type="secondary">{t('customers.levels.customers')}</Typography.Text></Col>
                </Row>
                {fields.map((field, i) => (
                  <Row gutter={8} key={field.key} align="top">
                    <Col span={9}>
                      <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: t('customers.levels.nameRequired') }]} style={{ marginBottom: 8 }}>
                        <Input maxLength={LIMITS.levelName} data-testid={`level-name-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col span={9}>
                      <Form.Item name={[field.name, 'min_spend']} rules={[{ required: true, message: t('customers.filter.amountRule') }, amountRule]} style={{ marginBottom: 8 }}>
                        <InputNumber<string> stringMode min="0" precision={2} prefix="¥" style={{ width: '100%' }} data-testid={`level-min-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col span={4} style={{ paddingTop: 4 }}>
                      <LevelCount counts={counts} index={field.name} />
                    </Col>
                    <Col span={2}>
                      <Button type="text" size="small" icon={<DeleteOutlined />} disabled={fields.length <= 1} onClick={() => remove(field.name)} />
                    </Col>
                  </Row>
                ))}
                <Space>
                  <Button size="small" icon={<PlusOutlined />} disabled={fields.length >= LIMITS.levels} onClick={() => add({ name: '', min_spend: undefined })}>
                    {t('customers.levels.add')}
                  </Button>
                  <Button size="small" type="primary" htmlType="submit" loading={save.isPending} data-testid="levels-save">{t('customers.levels.save')}</Button>
                </Space>
              </>
            )}
          </Form.List>
        </Form>
      )}
      {error && <Alert type="error" title={error} style={{ marginTop: 12 }} />}
    </Card>
  );
}

/** How many customers hold the level under this row's name, as the server last counted. */
function LevelCount({ counts, index }: { counts: Map<string, number | undefined>; index: number }) {
  const name = Form.useWatch(['levels', index, 'name']) as string | undefined;
  const n = name ? counts.get(name.trim()) : undefined;
  return <Typography.Text>{n ?? '-'}</Typography.Text>;
}
