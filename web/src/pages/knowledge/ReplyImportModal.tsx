import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Input, Modal, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { replyCommands, type ReplyImportResult, type ReplyScope } from '../../api/replies';
import { useErrorText } from '../../components/useShowError';

/** Import phrases from pasted CSV or a CSV / JSON file; the server keeps the good rows and reports the others by line. */
export function ReplyImportModal({ open, scope, onClose }: { open: boolean; scope: ReplyScope; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<ReplyImportResult>();
  const english = i18n.language.startsWith('en');

  function close() {
    setText('');
    setResult(undefined);
    setError(undefined);
    onClose();
  }

  async function submit() {
    const body = text.replace(/^\uFEFF/, '');
    if (!body.trim()) return setError(t('kb.replies.importer.empty'));
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const trimmed = body.trim();
      if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
        let data: unknown;
        try {
          data = JSON.parse(trimmed);
        } catch (err) {
          return setError(t('kb.replies.importer.badJson', { error: (err as Error).message }));
        }
        const rows = Array.isArray(data) ? data : (data as { replies?: unknown }).replies;
        if (!Array.isArray(rows)) return setError(t('kb.replies.importer.badJson', { error: 'replies: [...]' }));
        setResult(await replyCommands.importRows(scope, rows));
      } else {
        setResult(await replyCommands.importCsv(scope, body));
      }
      await qc.invalidateQueries({ queryKey: ['replies'] });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      title={`${t('kb.replies.importer.title')} · ${t(scope === 'team' ? 'kb.replies.team' : 'kb.replies.personal')}`}
      open={open}
      width={680}
      onCancel={close}
      onOk={submit}
      okText={t('kb.replies.importer.submit')}
      okButtonProps={{ loading: busy, 'data-testid': 'reply-import-submit' }}
    >
      <Space orientation="vertical" size="small" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('kb.replies.importer.hint')}</Typography.Text>
        <Upload
          accept=".csv,.txt,.json,text/csv,application/json"
          showUploadList={false}
          beforeUpload={(file) => {
            void file.text().then((s) => { setText(s); setResult(undefined); });
            return false;
          }}
        >
          <Button size="small" icon={<UploadOutlined />}>{t('kb.replies.importer.file')}</Button>
        </Upload>
        <Input.TextArea
          rows={8}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('kb.replies.importer.placeholder')}
          style={{ fontFamily: 'monospace' }}
          data-testid="reply-import-text"
        />
        {error && <Alert type="error" showIcon title={error} />}
        {result && (
          <Alert
            type={result.skipped.length ? 'warning' : 'success'}
            showIcon
            data-testid="reply-import-result"
            title={t('kb.replies.importer.result', {
              imported: result.imported, created: result.created, updated: result.updated, unchanged: result.unchanged, groups: result.groups_created,
            })}
            description={result.skipped.length > 0 && (
              <>
                <Typography.Text>{t('kb.replies.importer.skipped', { n: result.skipped.length })}</Typography.Text>
                <ul style={{ margin: 0, paddingLeft: 18, maxHeight: 180, overflow: 'auto' }} data-testid="reply-import-skipped">
                  {result.skipped.map((s) => (
                    <li key={`${s.line}-${s.code}`} data-line={s.line}>
                      {t('kb.replies.importer.line', { line: s.line, message: english ? s.message_en : s.message })}
                    </li>
                  ))}
                </ul>
              </>
            )}
          />
        )}
      </Space>
    </Modal>
  );
}
