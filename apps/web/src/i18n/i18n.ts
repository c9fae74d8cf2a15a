import { LANGUAGES, type Language } from '@opencen/contracts';
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ar } from './locales/ar';
import { en } from './locales/en';
import { es } from './locales/es';
import { fr } from './locales/fr';
import { pt } from './locales/pt';
import { ru } from './locales/ru';

/** The six languages of WCO CEN (the contracts' LANGUAGES), each in its own name. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  ru: 'Русский',
  ar: 'العربية',
  pt: 'Português',
};

const RTL: readonly Language[] = ['ar'];

/** Whether a language is written right to left. */
export const directionOf = (language: string): 'rtl' | 'ltr' =>
  (RTL as readonly string[]).includes(language) ? 'rtl' : 'ltr';

const STORAGE_KEY = 'opencen.language';

/** The language kept from the last visit, or the browser's if it is one of the six. */
function initialLanguage(): Language {
  const known: readonly string[] = LANGUAGES;
  const stored = window.localStorage.getItem(STORAGE_KEY);
  if (stored && known.includes(stored)) return stored as Language;
  const browser = window.navigator.language.slice(0, 2);
  return known.includes(browser) ? (browser as Language) : 'en';
}

/**
 * A fresh i18next instance with every language loaded (they are small: no request to switch),
 * that keeps the choice and sets the document's `lang` and `dir` on every change.
 */
export function createI18n(language: Language = initialLanguage()): i18n {
  const instance = i18next.createInstance();
  instance.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
    document.documentElement.dir = directionOf(lng);
    window.localStorage.setItem(STORAGE_KEY, lng);
  });
  void instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    resources: {
      en: { translation: en },
      fr: { translation: fr },
      es: { translation: es },
      ru: { translation: ru },
      ar: { translation: ar },
      pt: { translation: pt },
    },
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance;
}
