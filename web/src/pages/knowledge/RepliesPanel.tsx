import { DownloadOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Descriptions, Dropdown, Input, Popconfirm, Row, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { replyCommands, replyExportUrl, useReplyList, type ManagedReply, type ReplyScope } from '../../api/replies';
import { useErrorText } from '../../components/useShowError';
import { ReplyFormModal } from './ReplyFormModal';
import { ReplyGroupsModal } from './ReplyGroupsModal';
import { ReplyImportModal } from './ReplyImportModal';
import { REPLY_VARIABLES, ReplyText } from './reply-text';

/** 快捷短语: the team's phrases (kept by replies.manage or the main account) and my own, by group, with usage. */
export function RepliesPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [scope, setScope] = useState<ReplyScope>('team');
  const [q, setQ] = useState('');
  const [groupId, setGroupId] = useState<number>();
  const [editing, setEditing] = useState<ManagedReply | 'new'>();
  const [groupsOpen, setGroupsOpen] = useState(false);
  const [importing, setImporting] = useState(false);
  const list = useReplyList(scope, q);
  const canEdit = scope === 'personal' || !!list.data?.can_manage_team;

  const counts = useMemo(() => new Map((list.data?.groups ?? []).map((g) => [g.id, g.replies.length])), [list.data]);
  const rows = (list.data?.replies ?? []).filter((r) => groupId === undefined || r.group_id === groupId);
  const groupName = groupId === undefined ? undefined : list.data?.groups.find((g) => g.id === groupId)?.name;

  async function remove(id: number) {
    try {
      await replyCommands.remove(id);
      message.success(t('common.done'));
    } catch (err) {
      message.error(errorText(err));
    } finally {
      await qc.invalidateQueries({ queryKey: ['replies'] });
    }
  }

  const columns: ColumnsType<ManagedReply> = [
    { title: t('kb.replies.group'), dataIndex: 'group_name', width: 120, ellipsis: true },
    {
      title: t('kb.replies.code'), dataIndex: 'code', width: 110,
      render: (c: string | null) => (c ? <Tag color="orange" data-testid="reply-row-code">/{c}</Tag> : <Typography.Text type="secondary">-</Typography.Text>),
    },
    { title: t('kb.replies.text'), dataIndex: 'text', render: (text: string) => <ReplyText text={text} /> },
    {
      title: t('kb.replies.used'), dataIndex: 'used', width: 100, align: 'right',
      sorter: (a, b) => a.used - b.used,
    },
    ...(canEdit ? [{
      title: t('common.actions'), key: 'actions', width: 110, fixed: 'right' as const,
      render: (_: unknown, r: ManagedReply) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(r)} data-testid={`reply-edit-${r.id}`}>{t('kb.edit')}</Button>
          <Popconfirm title={t('kb.replies.deleteAsk')} onConfirm={() => remove(r.id)}>
            <Button type="link" size="small" danger data-testid={`reply-delete-${r.id}`}>{t('common.remove')}</Button>
          </Popconfirm>
        </Space>
      ),
    }] : []),
  ];

  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={17}>
        <Space style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }} wrap>
          <Space wrap>
            <Segmented<ReplyScope>
              size="small"
              value={scope}
              onChange={(v) => { setScope(v); setGroupId(undefined); }}
              options={[
                { value: 'team', label: <span data-testid="reply-scope-team">{t('kb.replies.team')}</span> },
                { value: 'personal', label: <span data-testid="reply-scope-personal">{t('kb.replies.personal')}</span> },
              ]}
            />
            <Input.Search allowClear size="small" placeholder={t('kb.replies.search')} style={{ width: 200 }} maxLength={100}
              onSearch={(v) => setQ(v.trim())} data-testid="reply-search" />
            <Select<number>
              allowClear
              size="small"
              style={{ width: 160 }}
              placeholder={t('kb.replies.allGroups')}
              value={groupId}
              onChange={setGroupId}
              options={(list.data?.groups ?? []).map((g) => ({ value: g.id, label: `${g.name} (${g.replies.length})` }))}
            />
          </Space>
          <Space wrap>
            {canEdit && (
              <>
                <Button size="small" onClick={() => setGroupsOpen(true)} data-testid="reply-groups">{t('kb.replies.groups')}</Button>
                <Button size="small" icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="reply-import">{t('kb.replies.import')}</Button>
              </>
            )}
            <Dropdown
              menu={{
                items: [
                  { key: 'csv', label: <a href={replyExportUrl('csv', scope)} download={`quick-replies-${scope}.csv`}>{t('kb.replies.exportCsv')}</a> },
                  { key: 'json', label: <a href={replyExportUrl('json', scope)} download={`quick-replies-${scope}.json`}>{t('kb.replies.exportJson')}</a> },
                ],
              }}
            >
              <Button size="small" icon={<DownloadOutlined />} data-testid="reply-export">{t('kb.replies.export')}</Button>
            </Dropdown>
            {canEdit && (
              <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="reply-add">{t('kb.replies.add')}</Button>
            )}
          </Space>
        </Space>
        {!canEdit && list.data && <Alert type="info" showIcon title={t('kb.replies.readOnlyTeam')} style={{ marginBottom: 8 }} />}
        {list.isError && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 8 }} />}
        <Table<ManagedReply>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={list.isFetching}
          scroll={{ x: 760 }}
          locale={{ emptyText: t('kb.replies.empty') }}
          data-testid="reply-table"
          onRow={(r) => ({ 'data-reply-id': r.id, 'data-code': r.code ?? '' }) as HTMLAttributes<HTMLElement>}
          pagination={{ pageSize: 50, size: 'small', showSizeChanger: false, hideOnSinglePage: true }}
        />
      </Col>
      <Col xs={24} xl={7}>
        <Descriptions
          size="small"
          bordered
          column={1}
          title={t('kb.replies.variablesTitle')}
          items={REPLY_VARIABLES.map((v) => ({ key: v, label: <Tag color="blue" bordered={false}>{`{${v}}`}</Tag>, children: t(`kb.replies.variable.${v}`) }))}
        />
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>{t('kb.replies.variablesHint')}</Typography.Paragraph>
      </Col>
      <ReplyFormModal
        open={editing !== undefined}
        scope={scope}
        reply={editing === 'new' ? undefined : editing}
        defaultGroup={groupName}
        onClose={() => setEditing(undefined)}
      />
      <ReplyGroupsModal open={groupsOpen} scope={scope} counts={counts} onClose={() => setGroupsOpen(false)} />
      <ReplyImportModal open={importing} scope={scope} onClose={() => setImporting(false)} />
    </Row>
  );
}
