import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zhCN } from './zh-CN';
import * as broadcastStrings from '../pages/broadcasts/strings';
import * as knowledgeStrings from '../pages/knowledge/strings';
import * as customerStrings from '../pages/customers/strings';
import * as aftersalesStrings from '../pages/aftersales/strings';
import * as logisticsStrings from '../pages/aftersales/logistics-strings';
import * as reviewStrings from '../pages/reviews/strings';
import * as buyerAftersalesStrings from '../pages/storefront/aftersales-strings';
import * as statsStrings from '../pages/stats/strings';
import * as supervisionStrings from '../pages/supervision/strings';

const STORAGE_KEY = 'xiaoer.lang';

function initialLanguage() {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

const lng = initialLanguage();
document.documentElement.lang = lng;

// Simplified Chinese unless the reader chose English; the choice is remembered in this browser.
void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: { ...zhCN, ...broadcastStrings.zhCN, ...knowledgeStrings.zhCN, ...customerStrings.zhCN,
      ...aftersalesStrings.zhCN, ...logisticsStrings.zhCN, ...reviewStrings.zhCN, ...buyerAftersalesStrings.zhCN,
      ...statsStrings.zhCN, ...supervisionStrings.zhCN } },
    en: { translation: { ...en, ...broadcastStrings.en, ...knowledgeStrings.en, ...customerStrings.en,
      ...aftersalesStrings.en, ...logisticsStrings.en, ...reviewStrings.en, ...buyerAftersalesStrings.en,
      ...statsStrings.en, ...supervisionStrings.en } },
  },
  lng,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false }, // React escapes; i18next escaping would show &lt; in names
});

export function setLanguage(lng: string) {
  void i18n.changeLanguage(lng);
  document.documentElement.lang = lng;
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

export default i18n;
