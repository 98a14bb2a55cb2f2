import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** The server's refusal in the reader's language (Chinese by default), as the server worded it. */
export function useErrorText() {
  const { i18n, t } = useTranslation();
  return (err: unknown) => {
    if (err instanceof ApiError) return i18n.language.startsWith('en') ? err.messageEn : err.messageZh;
    return t('common.networkError');
  };
}

export function useShowError() {
  const { message } = App.useApp();
  const text = useErrorText();
  return (err: unknown) => {
    message.error(text(err));
  };
}
