import { FlagFilled, FlagOutlined } from '@ant-design/icons';
import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

/** The platform's flag colours: 0 none, 1 red, 2 yellow, 3 green, 4 blue, 5 purple. */
export const FLAG_COLORS = ['#bfbfbf', '#f5222d', '#faad14', '#52c41a', '#1677ff', '#722ed1'] as const;

export function FlagMark({ flag, memo }: { flag: number | undefined; memo?: string }) {
  const { t } = useTranslation();
  const f = flag ?? 0;
  const title = memo ? `${t(`flag.${f}`)}：${memo}` : t(`flag.${f}`);
  return (
    <Tooltip title={title}>
      <span data-flag={f} aria-label={t(`flag.${f}`)} style={{ color: FLAG_COLORS[f] ?? FLAG_COLORS[0] }}>
        {f ? <FlagFilled /> : <FlagOutlined />}
      </span>
    </Tooltip>
  );
}
