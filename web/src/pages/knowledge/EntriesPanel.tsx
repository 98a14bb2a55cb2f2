import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Input, Popconfirm, Row, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteEntry, useEntries, type KnowledgeEntry } from '../../api/knowledge';
import { useErrorText } from '../../components/useShowError';
import { formatTime } from '../../lib/time';
import { AutoReplyCard } from './AutoReplyCard';
import { EntryFormModal } from './EntryFormModal';
import { EntryImportModal } from './EntryImportModal';
import { ItemSelect, useItemTitles } from './ItemSelect';
import { TryItCard } from './TryItCard';

const PAGE_SIZE = 20;
const SEARCH_SIZE = 50;

/** The knowledge base editor beside the "try it" box and the auto-reply settings. */
export function EntriesPanel({ canEdit, canSettings }: { canEdit: boolean; canSettings: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const title = useItemTitles();
  const [q, setQ] = useState('');
  const [numIid, setNumIid] = useState<number | null>(null);
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<KnowledgeEntry | 'new'>();
  const [importing, setImporting] = useState(false);
  // A search answers the best matches, ranked; without one the entries are paged newest first.
  const entries = useEntries(q
    ? { q, num_iid: numIid ?? undefined, page_no: 1, page_size: SEARCH_SIZE }
    : { num_iid: numIid ?? undefined, page_no: page, page_size: PAGE_SIZE });

  async function remove(id: number) {
    try {
      await deleteEntry(id);
      message.success(t('kb.deleted'));
      await qc.invalidateQueries({ queryKey: ['knowledge'] });
    } catch (err) {
      message.error(errorText(err));
    }
  }

  const columns: ColumnsType<KnowledgeEntry> = [
    {
      title: t('kb.question'), dataIndex: 'question', width: 260,
      render: (_, e) => (
        <Space orientation="vertical" size={2}>
          <Typography.Text strong data-testid="kb-entry-row-question">{e.question}</Typography.Text>
          {e.similar.length > 0 && (
            <Space size={[2, 2]} wrap>
              {e.similar.slice(0, 3).map((s) => <Tag key={s} bordered={false} style={{ marginInlineEnd: 0 }}>{s}</Tag>)}
              {e.similar.length > 3 && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('kb.similarCount', { n: e.similar.length - 3 })}</Typography.Text>}
            </Space>
          )}
        </Space>
      ),
    },
    {
      title: t('kb.answer'), dataIndex: 'answer',
      render: (a: string) => <Typography.Paragraph className="xe-pre" ellipsis={{ rows: 3, expandable: true }} style={{ margin: 0 }}>{a}</Typography.Paragraph>,
    },
    {
      title: t('kb.item'), dataIndex: 'num_iid', width: 150, ellipsis: true,
      render: (n: number | null) => (n === null ? <Typography.Text type="secondary">{t('kb.shopWide')}</Typography.Text> : title(n)),
    },
    { title: t('kb.updatedAt'), dataIndex: 'updated_at', width: 150, render: (v: string) => formatTime(v) },
    ...(canEdit ? [{
      title: t('common.actions'), key: 'actions', width: 100, fixed: 'right' as const,
      render: (_: unknown, e: KnowledgeEntry) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(e)} data-testid={`kb-edit-${e.id}`}>{t('kb.edit')}</Button>
          <Popconfirm title={t('kb.deleteAsk')} onConfirm={() => remove(e.id)}>
            <Button type="link" size="small" danger data-testid={`kb-delete-${e.id}`}>{t('common.remove')}</Button>
          </Popconfirm>
        </Space>
      ),
    }] : []),
  ];

  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={16}>
        <Space style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }} wrap>
          <Space wrap>
            <Input.Search
              allowClear
              size="small"
              placeholder={t('kb.search')}
              style={{ width: 240 }}
              maxLength={200}
              onSearch={(v) => { setQ(v.trim()); setPage(1); }}
              data-testid="kb-search"
            />
            <ItemSelect
              size="small"
              value={numIid}
              onChange={(v) => { setNumIid(v ?? null); setPage(1); }}
              placeholder={t('kb.anyItem')}
              style={{ width: 200 }}
            />
            <Typography.Text type="secondary">{t('kb.total', { n: entries.data?.total ?? 0 })}</Typography.Text>
          </Space>
          {canEdit && (
            <Space>
              <Button size="small" icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="kb-import">{t('kb.import')}</Button>
              <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="kb-add">{t('kb.add')}</Button>
            </Space>
          )}
        </Space>
        {!canEdit && <Alert type="info" showIcon title={t('kb.readOnly')} style={{ marginBottom: 8 }} />}
        {entries.isError && <Alert type="error" showIcon title={errorText(entries.error)} style={{ marginBottom: 8 }} />}
        <Table<KnowledgeEntry>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={entries.data?.entries ?? []}
          loading={entries.isFetching}
          scroll={{ x: 820 }}
          locale={{ emptyText: t('kb.empty') }}
          onRow={(e) => ({ 'data-entry-id': e.id }) as HTMLAttributes<HTMLElement>}
          pagination={q ? false : {
            current: page, pageSize: PAGE_SIZE, total: entries.data?.total ?? 0, size: 'small', showSizeChanger: false, onChange: setPage,
          }}
        />
      </Col>
      <Col xs={24} xl={8}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <TryItCard />
          <AutoReplyCard canChange={canSettings} />
        </Space>
      </Col>
      <EntryFormModal open={editing !== undefined} entry={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />
      <EntryImportModal open={importing} onClose={() => setImporting(false)} />
    </Row>
  );
}
