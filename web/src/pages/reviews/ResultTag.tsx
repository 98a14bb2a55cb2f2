import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../api/reviews';

const COLORS: Record<Result, string> = { good: 'red', neutral: 'gold', bad: 'default' };

/** 好评 red as on Taobao, 中评 yellow, 差评 grey. */
export function ResultTag({ result }: { result: Result }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[result]} data-result={result}>{t(`reviews.result.${result}`)}</Tag>;
}
