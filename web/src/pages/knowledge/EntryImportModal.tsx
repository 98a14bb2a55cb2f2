import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Modal, Space, Typography, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { importEntries, KNOWLEDGE_LIMITS } from '../../api/knowledge';
import { useErrorText } from '../../components/useShowError';
import { parseEntryImport } from './entry-import';

/** Import entries from pasted or chosen JSON or CSV; lines that cannot be read are listed and left out. */
export function EntryImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const parsed = useMemo(() => (text.trim() ? parseEntryImport(text) : undefined), [text]);

  async function submit() {
    if (!parsed?.ok || !parsed.entries.length) return;
    setBusy(true);
    setError(undefined);
    try {
      let imported = 0;
      for (let i = 0; i < parsed.entries.length; i += KNOWLEDGE_LIMITS.importBatch) {
        imported += (await importEntries(parsed.entries.slice(i, i + KNOWLEDGE_LIMITS.importBatch))).imported;
      }
      message.success(t('kb.importer.done', { n: imported }));
      await qc.invalidateQueries({ queryKey: ['knowledge'] });
      setText('');
      onClose();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const count = parsed?.ok ? parsed.entries.length : 0;
  return (
    <Modal
      title={t('kb.importer.title')}
      open={open}
      width={680}
      onCancel={onClose}
      onOk={submit}
      okText={t('kb.importer.submit', { n: count })}
      okButtonProps={{ loading: busy, disabled: !count, 'data-testid': 'kb-import-submit' }}
    >
      <Space orientation="vertical" size="small" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('kb.importer.hint')}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('kb.importer.formats')}</Typography.Text>
        <Upload
          accept=".json,.csv,.txt,application/json,text/csv"
          showUploadList={false}
          beforeUpload={(file) => {
            void file.text().then(setText);
            return false;
          }}
        >
          <Button size="small" icon={<UploadOutlined />}>{t('kb.importer.file')}</Button>
        </Upload>
        <Input.TextArea
          rows={8}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('kb.importer.placeholder')}
          style={{ fontFamily: 'monospace' }}
          data-testid="kb-import-text"
        />
        {parsed && !parsed.ok && (
          <Alert type="error" showIcon title={parsed.error === 'badJson' ? t('kb.importer.badJson', { error: parsed.detail }) : t(`kb.importer.${parsed.error}`)} />
        )}
        {parsed?.ok && <Typography.Text data-testid="kb-import-count">{t('kb.importer.parsed', { n: parsed.entries.length })}</Typography.Text>}
        {parsed?.ok && parsed.problems.length > 0 && (
          <Alert
            type="warning"
            showIcon
            title={t('kb.importer.problems')}
            description={(
              <ul style={{ margin: 0, paddingLeft: 18, maxHeight: 160, overflow: 'auto' }}>
                {parsed.problems.slice(0, 200).map((p) => (
                  <li key={`${p.line}-${p.reason}`}>{t('kb.importer.line', { line: p.line, reason: t(`kb.importer.${p.reason}`) })}</li>
                ))}
              </ul>
            )}
          />
        )}
        {error && <Alert type="error" showIcon title={error} />}
      </Space>
    </Modal>
  );
}
