import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n';

export function LanguageSwitch() {
  const { i18n } = useTranslation();
  return (
    <Segmented
      size="small"
      value={i18n.language.startsWith('en') ? 'en' : 'zh-CN'}
      options={[{ label: '中文', value: 'zh-CN' }, { label: 'EN', value: 'en' }]}
      onChange={(v) => setLanguage(v as string)}
    />
  );
}
