// Current language, translated strings (t), and the locale-aware formatting of dates, sizes and errors.
import fr from './i18n/fr.js';
import en from './i18n/en.js';

export const LANGUAGES = Object.freeze(['fr', 'en']);

const CATALOGUES = { fr, en };
const LOCALES = { fr: 'fr-CA', en: 'en-CA' };
// Where the choice is kept before the store is open (first run, locked): the store holds it afterwards.
const STORAGE_KEY = 'balise.language';

let current = 'fr';

export function isLanguage(value) {
  return LANGUAGES.includes(value);
}

export function getLanguage() {
  return current;
}

export function locale() {
  return LOCALES[current];
}

// Switches the language of every string t() returns from now on; the caller redraws the screen.
export function setLanguage(language) {
  if (!isLanguage(language)) return;
  current = language;
  document.documentElement.lang = language;
}

// The text for `key` in the current language, with {name} placeholders replaced from `params`.
// A key missing from the catalogue shows as itself (check.mjs keeps that from shipping).
export function t(key, params) {
  const catalogue = CATALOGUES[current];
  let text = Object.prototype.hasOwnProperty.call(catalogue, key) ? catalogue[key] : CATALOGUES.fr[key];
  if (text === undefined) {
    console.warn(`i18n: missing key ${key}`);
    return key;
  }
  if (params) {
    text = text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
  }
  return text;
}

// The language chosen on this computer before the store was open, or null.
export function rememberedLanguage() {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

export function rememberLanguage(language) {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage can be unavailable; the choice then lasts for this window only, which is harmless.
  }
}

// The sentence to show for an ApiError (or any thrown value) in the current language.
export function errorText(error) {
  if (error && typeof error === 'object') {
    const own = current === 'en' ? error.messageEn || error.messageFr : error.messageFr || error.messageEn;
    if (own) return own;
    if (error.code === 'no_backend') return t('errors.no_backend');
    if (error.code === 'ipc') return t('errors.ipc', { detail: error.detail || error.message || '' });
    if (error.code) return t('errors.unknown', { code: error.code });
  }
  return t('errors.unknown', { code: String(error) });
}

// "2025-11-24 14 h 03" in French, "2025-11-24, 2:03 p.m." in English; unparsable text is shown as is.
export function formatDateTime(iso) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return iso || '';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'short', timeStyle: 'short' }).format(date);
}

// A file size in o / Ko / Mo (French) or B / KB / MB (English), decimal units as Windows and macOS show them.
export function formatSize(bytes) {
  const size = Number(bytes);
  if (!Number.isFinite(size) || size < 0) return '';
  const units = ['size.bytes', 'size.kb', 'size.mb', 'size.gb'];
  let value = size;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const number = new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(value);
  return t(units[unit], { n: number });
}
