import {
  Alert, App, Button, Card, Col, Descriptions, Drawer, Form, Input, Progress, Row, Space, Spin, Switch, Table, Tag, Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { TRADE_STATUSES, type TradeStatus } from '../../api/shared';
import { StatusTag } from '../../components/StatusTag';
import { useErrorText } from '../../components/useShowError';
import { formatYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { LIMITS, useProfile, useUpdateCustomer, type CustomerPatch, type CustomerWithLevel, type Profile } from './api';
import { TagChip, TagSelect, useCan } from './parts';

/** crm.customer.get: who the buyer is to the shop, and what the team may change about them. */
export function CustomerProfileDrawer({ nick, onClose }: { nick: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const profile = useProfile(nick);
  const errorText = useErrorText();
  const c = profile.data?.customer;
  return (
    <Drawer
      open={nick !== undefined}
      onClose={onClose}
      size={880}
      title={nick}
      extra={c && (
        <Space size={4}>
          {c.level && <Tag color="gold">{c.level}</Tag>}
          {c.opt_out && <Tag>{t('customers.profile.optedOut')}</Tag>}
        </Space>
      )}
      destroyOnHidden
    >
      {profile.isPending && <Spin />}
      {profile.isError && <Alert type="error" title={errorText(profile.error)} />}
      {profile.data && <ProfileBody profile={profile.data} />}
    </Drawer>
  );
}

function LevelProgress({ customer }: { customer: CustomerWithLevel }) {
  const { t } = useTranslation();
  const d = customer.level_detail;
  if (!d.next) return <Typography.Text type="secondary">{customer.level ? t('customers.profile.topLevel') : t('customers.profile.noLevel')}</Typography.Text>;
  const from = d.min_spend ?? 0;
  const percent = Math.max(0, Math.min(99.9, ((customer.total_spend - from) / (d.next.min_spend - from)) * 100));
  return (
    <div data-testid="profile-level-progress">
      <Progress percent={Math.floor(percent * 10) / 10} size="small" showInfo={false} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('customers.profile.toNext', { amount: formatYuan(d.to_next), next: d.next.name })}
      </Typography.Text>
    </div>
  );
}

function ProfileBody({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const c = profile.customer;
  const tradesLink = `/trades?buyer_nick=${encodeURIComponent(c.nick)}`;
  const isStatus = (s: string): s is TradeStatus => (TRADE_STATUSES as readonly string[]).includes(s);
  const empty = { emptyText: <Typography.Text type="secondary">{t('customers.profile.none')}</Typography.Text> };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="customer-profile" data-nick={c.nick}>
      <Descriptions size="small" bordered column={2} items={[
        { key: 'level', label: t('customers.profile.level'), span: 2, children: (
          <Space orientation="vertical" size={2} style={{ width: '100%' }}>
            <span data-testid="profile-level">{c.level ?? t('customers.list.noLevel')}</span>
            <LevelProgress customer={c} />
          </Space>
        ) },
        { key: 'spend', label: t('customers.profile.spend'), children: <Typography.Text strong data-testid="profile-spend">{formatYuan(c.total_spend)}</Typography.Text> },
        { key: 'purchases', label: t('customers.profile.purchases'), children: t('customers.profile.purchasesValue', { paid: c.paid_trade_count, all: c.trade_count }) },
        { key: 'first', label: t('customers.profile.firstPurchase'), children: formatTime(c.first_purchase_at) },
        { key: 'last', label: t('customers.profile.lastPurchase'), children: formatTime(c.last_purchase_at) },
        { key: 'origin', label: t('customers.profile.origin'), children: t(`customers.origin.${c.origin}`) },
        { key: 'since', label: t('customers.profile.since'), children: formatTime(c.created_at) },
        { key: 'tags', label: t('customers.profile.tags'), span: 2, children: (
          <span data-testid="profile-tags-view">{c.tags.length ? c.tags.map((tag) => <TagChip key={tag.id} tag={tag} />) : '-'}</span>
        ) },
      ]} />

      <CustomerEditor customer={c} />

      <Row gutter={12}>
        <Col span={10}>
          <Card size="small" title={t('customers.profile.contacts')}>
            <Table
              size="small"
              pagination={false}
              locale={empty}
              rowKey="mobile"
              dataSource={profile.contacts}
              columns={[
                { title: t('customers.profile.mobileCol'), dataIndex: 'mobile' },
                { title: t('customers.profile.contactName'), dataIndex: 'name', render: (v: string | null) => v ?? '-' },
                { title: t('customers.profile.source'), dataIndex: 'source', render: (v: string) => t(`customers.profile.sources.${v}`) },
              ]}
            />
          </Card>
        </Col>
        <Col span={14}>
          <Card size="small" title={t('customers.profile.addresses')}>
            <Table
              size="small"
              pagination={false}
              locale={empty}
              rowKey={(a) => [a.receiver_name, a.receiver_mobile, a.receiver_state, a.receiver_city, a.receiver_district, a.receiver_address].join('|')}
              dataSource={profile.addresses}
              columns={[
                { title: t('customers.profile.receiver'), key: 'who', width: 130, render: (_, a) => <>{a.receiver_name}<br /><Typography.Text type="secondary">{a.receiver_mobile}</Typography.Text></> },
                { title: t('customers.profile.address'), key: 'where', render: (_, a) => [a.receiver_state, a.receiver_city, a.receiver_district, a.receiver_address].join(' ') },
                { title: t('customers.profile.addressTrades'), dataIndex: 'trades', width: 64, align: 'right' },
              ]}
            />
          </Card>
        </Col>
      </Row>

      <Card
        size="small"
        title={<>{t('customers.profile.trades')} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('customers.profile.latestNote')}</Typography.Text></>}
        extra={<Link to={tradesLink} data-testid="profile-all-trades">{t('customers.profile.allTrades')}</Link>}
      >
        <Table
          size="small"
          pagination={false}
          locale={empty}
          rowKey="tid"
          dataSource={profile.trades}
          columns={[
            {
              title: t('customers.profile.tid'), dataIndex: 'tid', width: 170,
              render: (tid: number) => <Link to={`${tradesLink}&open=${tid}`}>{tid}</Link>,
            },
            {
              title: t('customers.profile.items'), key: 'items',
              render: (_, tr) => tr.items.map((i, n) => <div key={n}>{i.title} ×{i.num}</div>),
            },
            { title: t('customers.profile.payment'), dataIndex: 'payment', width: 100, align: 'right', render: (v: number) => formatYuan(v) },
            { title: t('customers.profile.status'), dataIndex: 'status', width: 110, render: (s: TradeStatus) => <StatusTag status={s} /> },
            { title: t('customers.profile.created'), dataIndex: 'created', width: 150, render: (v: string) => formatTime(v) },
          ]}
        />
      </Card>

      {profile.imported_trades.length > 0 && (
        <Card size="small" title={t('customers.profile.importedTrades')}>
          <Table
            size="small"
            pagination={false}
            rowKey="tid"
            dataSource={profile.imported_trades}
            columns={[
              { title: t('customers.profile.tid'), dataIndex: 'tid', width: 170 },
              { title: t('customers.profile.items'), key: 'items', render: (_, tr) => `${tr.title} ×${tr.num}` },
              { title: t('customers.profile.payment'), dataIndex: 'payment', width: 100, align: 'right', render: (v: number) => formatYuan(v) },
              { title: t('customers.profile.status'), dataIndex: 'status', width: 110, render: (s: string) => (isStatus(s) ? <StatusTag status={s} /> : s) },
              { title: t('customers.profile.payTime'), dataIndex: 'pay_time', width: 150, render: (v: string | null) => formatTime(v) },
            ]}
          />
        </Card>
      )}

      {profile.favourites.length > 0 && (
        <Card size="small" title={`${t('customers.profile.favouritesList')} (${c.favourites_count})`}>
          <Table
            size="small"
            pagination={false}
            rowKey="num_iid"
            dataSource={profile.favourites}
            columns={[
              { title: t('customers.profile.items'), dataIndex: 'title' },
              { title: t('customers.profile.price'), dataIndex: 'price', width: 100, align: 'right', render: (v: number) => formatYuan(v) },
              { title: t('customers.profile.favouredAt'), dataIndex: 'created_at', width: 150, render: (v: string) => formatTime(v) },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

interface EditValues {
  tag_ids: number[];
  mobile: string;
  notes: string;
  opt_out: boolean;
}

/** Tags, mobile, notes and opt-out: only what changed is sent (PATCH), and only by accounts allowed to. */
function CustomerEditor({ customer }: { customer: CustomerWithLevel }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const canEdit = useCan('trade.memo');
  const update = useUpdateCustomer(customer.nick);
  const initial: EditValues = {
    tag_ids: customer.tags.map((tag) => tag.id),
    mobile: customer.mobile ?? '',
    notes: customer.notes,
    opt_out: customer.opt_out,
  };

  async function save(v: EditValues) {
    const body: CustomerPatch = {};
    const sameTags = v.tag_ids.length === initial.tag_ids.length && v.tag_ids.every((id) => initial.tag_ids.includes(id));
    if (!sameTags) body.tag_ids = v.tag_ids;
    const mobile = v.mobile.trim();
    if (mobile !== initial.mobile) body.mobile = mobile || null;
    if (v.notes.trim() !== initial.notes) body.notes = v.notes.trim();
    if (v.opt_out !== initial.opt_out) body.opt_out = v.opt_out;
    if (!Object.keys(body).length) {
      message.info(t('customers.profile.nothingChanged'));
      return;
    }
    try {
      await update.mutateAsync(body);
      message.success(t('common.done'));
    } catch (err) {
      message.error(errorText(err));
    }
  }

  return (
    <Card size="small" title={t('customers.profile.edit')}>
      {!canEdit && <Alert type="info" showIcon title={t('customers.profile.readOnly')} style={{ marginBottom: 8 }} />}
      <Form<EditValues>
        // A new answer from the server resets the fields to what it now holds.
        key={customer.updated_at}
        layout="horizontal"
        labelCol={{ flex: '96px' }}
        initialValues={initial}
        onFinish={save}
        disabled={!canEdit}
        data-testid="customer-editor"
      >
        <Form.Item name="tag_ids" label={t('customers.profile.tags')} rules={[{ type: 'array', max: LIMITS.tagsPerCustomer }]}>
          <TagSelect data-testid="profile-tags" />
        </Form.Item>
        <Form.Item name="mobile" label={t('customers.profile.mobile')} rules={[{ pattern: /^(1\d{10})?$/, message: t('customers.profile.mobileRule') }]}>
          <Input allowClear style={{ width: 200 }} maxLength={11} data-testid="profile-mobile" />
        </Form.Item>
        <Form.Item name="notes" label={t('customers.profile.notes')} extra={t('customers.profile.notesHint')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={LIMITS.notes} showCount data-testid="profile-notes" />
        </Form.Item>
        <Form.Item name="opt_out" label={t('customers.profile.optOut')} valuePropName="checked" extra={t('customers.profile.optOutHint')}>
          <Switch data-testid="profile-opt-out" />
        </Form.Item>
        {canEdit && (
          <Form.Item label=" " colon={false}>
            <Button type="primary" htmlType="submit" loading={update.isPending} data-testid="profile-save">{t('customers.profile.save')}</Button>
          </Form.Item>
        )}
      </Form>
    </Card>
  );
}
