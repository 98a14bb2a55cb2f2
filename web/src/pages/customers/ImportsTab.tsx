import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Progress, Radio, Space, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useRef, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../components/useShowError';
import { formatTime } from '../../lib/time';
import { crmKey, useImport, useImports, useStartImport, type CustomerImport, type ImportError, type ImportKind } from './api';

const STATUS_COLORS: Record<CustomerImport['status'], string> = { running: 'processing', done: 'success', failed: 'error', interrupted: 'warning' };

function ImportStatus({ imp }: { imp: CustomerImport }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[imp.status]}>{t(`customers.imports.status.${imp.status}`)}</Tag>;
}

/** 数据导入: a CSV of customers or of past trades, its progress while rows are written, and the rows refused. */
export function ImportsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const start = useStartImport();
  const imports = useImports();
  const [kind, setKind] = useState<ImportKind | 'auto'>('auto');
  const [file, setFile] = useState<File>();
  const [shown, setShown] = useState<number>();
  const [error, setError] = useState<string>();

  async function run() {
    setError(undefined);
    if (!file) {
      message.warning(t('customers.imports.noFile'));
      return;
    }
    try {
      const { import: started } = await start.mutateAsync({ file, kind: kind === 'auto' ? undefined : kind });
      setShown(started.id);
      setFile(undefined);
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="imports-tab">
      <Card size="small" title={t('customers.imports.title')}>
        <Form layout="horizontal" labelCol={{ flex: '96px' }}>
          <Form.Item label={t('customers.imports.kind')}>
            <Radio.Group
              value={kind}
              onChange={(e) => setKind(e.target.value)}
              options={[
                { value: 'auto', label: t('customers.imports.kindAuto') },
                { value: 'customers', label: <span data-testid="import-kind-customers">{t('customers.imports.kinds.customers')}</span> },
                { value: 'trades', label: <span data-testid="import-kind-trades">{t('customers.imports.kinds.trades')}</span> },
              ]}
            />
          </Form.Item>
          <Form.Item label=" " colon={false} extra={
            <Space orientation="vertical" size={0} style={{ fontSize: 12 }}>
              {kind !== 'trades' && <span>{t('customers.imports.columns.customers')}</span>}
              {kind !== 'customers' && <span>{t('customers.imports.columns.trades')}</span>}
              <span>{t('customers.imports.format')}</span>
            </Space>
          }>
            <Space wrap>
              <Upload
                accept=".csv,.txt,text/csv"
                maxCount={1}
                fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
                beforeUpload={(f) => {
                  setError(undefined);
                  setFile(f);
                  return false; // sent with the chosen kind when the button is pressed
                }}
                onRemove={() => setFile(undefined)}
                data-testid="import-upload"
              >
                <Button icon={<UploadOutlined />}>{t('customers.imports.pick')}</Button>
              </Upload>
              <Button type="primary" loading={start.isPending} disabled={!file} onClick={run} data-testid="import-start">
                {t('customers.imports.start')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
        {error && <Alert type="error" title={error} data-testid="import-refused" />}
      </Card>

      {shown !== undefined && <ImportProgress id={shown} />}

      <Card size="small" title={t('customers.imports.recent')}>
        <Table<CustomerImport>
          size="small"
          rowKey="id"
          loading={imports.isFetching}
          dataSource={imports.data ?? []}
          pagination={{ pageSize: 10, size: 'small', hideOnSinglePage: true }}
          locale={{ emptyText: t('customers.imports.none') }}
          onRow={(r) => ({ 'data-import': r.id }) as HTMLAttributes<HTMLElement>}
          rowClassName={(r) => (r.id === shown ? 'ant-table-row-selected' : '')}
          columns={[
            { title: t('customers.imports.id'), dataIndex: 'id', width: 64 },
            { title: t('customers.imports.file'), dataIndex: 'file_name', ellipsis: true, render: (v: string) => v || '-' },
            { title: t('customers.imports.kind'), dataIndex: 'kind', width: 90, render: (v: ImportKind) => t(`customers.imports.kinds.${v}`) },
            { title: t('customers.imports.statusCol'), key: 'status', width: 90, render: (_, r) => <ImportStatus imp={r} /> },
            { title: t('customers.imports.rows'), dataIndex: 'total', width: 70, align: 'right' },
            { title: t('customers.imports.imported'), dataIndex: 'imported', width: 70, align: 'right' },
            { title: t('customers.imports.rejected'), dataIndex: 'rejected', width: 70, align: 'right' },
            { title: t('customers.imports.by'), dataIndex: 'created_by', width: 110, ellipsis: true },
            { title: t('customers.imports.created'), dataIndex: 'created_at', width: 150, render: (v: string) => formatTime(v) },
            {
              title: t('common.actions'), key: 'actions', width: 64,
              render: (_, r) => <Button type="link" size="small" onClick={() => setShown(r.id)}>{t('customers.imports.view')}</Button>,
            },
          ]}
        />
      </Card>
    </Space>
  );
}

/** One import, polled until it has finished; then the rows it refused, each with its line and reason. */
function ImportProgress({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const imp = useImport(id);
  const errorText = useErrorText();
  const english = i18n.language.startsWith('en');
  const status = imp.data?.status;
  const was = useRef(status);

  // When the rows are written, the customers, tags, levels and figures they change are read again.
  useEffect(() => {
    if (was.current === 'running' && status && status !== 'running') void qc.invalidateQueries({ queryKey: crmKey });
    was.current = status;
  }, [status]);

  if (imp.isError) return <Alert type="error" title={errorText(imp.error)} />;
  if (!imp.data) return null;
  const r = imp.data;
  const percent = r.total ? Math.floor((r.processed / r.total) * 100) : r.status === 'running' ? 0 : 100;
  const progressStatus = r.status === 'running' ? 'active' : r.status === 'done' ? 'success' : 'exception';

  return (
    <Card
      size="small"
      title={<Space>{t('customers.imports.current')}<Typography.Text type="secondary">#{r.id} {r.file_name}</Typography.Text></Space>}
      extra={<ImportStatus imp={r} />}
      data-testid="import-progress"
      data-status={r.status}
    >
      <Progress percent={percent} status={progressStatus} data-testid="import-progress-bar" />
      <Typography.Text type="secondary" data-testid="import-progress-text">
        {t('customers.imports.progress', { processed: r.processed, total: r.total })}
      </Typography.Text>
      {r.status !== 'running' && (
        <Space orientation="vertical" size="small" style={{ width: '100%', marginTop: 8 }}>
          <Alert
            type={r.status === 'done' ? (r.rejected ? 'warning' : 'success') : 'error'}
            showIcon
            title={<span data-testid="import-summary">{t('customers.imports.summary', { imported: r.imported, rejected: r.rejected })}</span>}
            description={r.failure ? t('customers.imports.failure', { reason: r.failure }) : undefined}
          />
          {r.errors.length > 0 ? (
            <Table<ImportError>
              size="small"
              rowKey={(e) => `${e.line}-${e.code}`}
              title={() => (
                <Space>
                  <Typography.Text strong>{t('customers.imports.rejectedTitle')}</Typography.Text>
                  {r.rejected > r.errors.length && <Typography.Text type="secondary">{t('customers.imports.errorsKept')}</Typography.Text>}
                </Space>
              )}
              dataSource={r.errors}
              pagination={{ pageSize: 10, size: 'small', hideOnSinglePage: true }}
              onRow={(e) => ({ 'data-line': e.line }) as HTMLAttributes<HTMLElement>}
              data-testid="import-errors"
              columns={[
                { title: t('customers.imports.line'), dataIndex: 'line', width: 70 },
                { title: t('customers.imports.code'), dataIndex: 'code', width: 190, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
                { title: t('customers.imports.reason'), key: 'reason', render: (_, e) => (english ? e.reason_en : e.reason) },
              ]}
            />
          ) : r.status === 'done' ? (
            <Typography.Text type="secondary">{t('customers.imports.noErrors')}</Typography.Text>
          ) : null}
        </Space>
      )}
    </Card>
  );
}
