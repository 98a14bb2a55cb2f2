import { SmileOutlined } from '@ant-design/icons';
import { Button, Popover, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EMOJIS } from '../api/shared';

/** The shop's expressions (旺旺表情): sent by code, drawn by each client. */
export function EmojiPicker({ onPick, disabled }: { onPick: (code: string) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      content={(
        <div className="xe-emoji-grid" data-testid="emoji-grid">
          {Object.entries(EMOJIS).map(([code, char]) => (
            <Tooltip key={code} title={code}>
              <button type="button" className="xe-emoji" aria-label={code} onClick={() => { setOpen(false); onPick(code); }}>{char}</button>
            </Tooltip>
          ))}
        </div>
      )}
    >
      <Button type="text" icon={<SmileOutlined />} disabled={disabled} aria-label={t('chat.emoji')} />
    </Popover>
  );
}
