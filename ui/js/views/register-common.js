// Pieces shared by the register screens (dashboard, classes, platforms): state badges, reasons with their
// Directive article, class links, today's date, reading a chosen file, and the body's data-ready hook.
import { el } from '../dom.js';
import { t, getLanguage } from '../i18n.js';

// Today as "YYYY-MM-DD", the default of every date field: the core's day (its clock, which BALISE_NOW
// fixes in tests), carried by the app status and refreshed at every screen, so that the window and the
// core never disagree on "today". The window keeps no clock of its own.
let coreToday = '';
export function setToday(day) {
  if (typeof day === 'string' && day) coreToday = day;
}
export function today() {
  return coreToday;
}

// The address of a class's detail screen.
export function classHref(code) {
  return `#/classes/${encodeURIComponent(code)}`;
}

// A use's state as a coloured word: conforme (green), pas prête (amber), non conforme (red).
export function stateBadge(state) {
  return el('span', { class: ['use-state', 'badge', `badge--${state}`], dataset: { state } }, t(`state.${state}`));
}

// A platform's catalogue status as a badge.
export function statusBadge(status) {
  return el('span', { class: ['badge', `badge--status-${status}`], dataset: { status } }, t(`status.${status}`));
}

export function audienceLabel(audience) {
  return t(`audience.${audience}`);
}

// One reason: « art. 5.1 — text », in the interface language; severity sets the colour.
export function reasonItem(reason) {
  const text = getLanguage() === 'en' ? reason.text_en || reason.text_fr : reason.text_fr || reason.text_en;
  return el('li', { class: ['reason', `reason--${reason.severity}`], dataset: { code: reason.code } },
    reason.article ? el('span', { class: 'reason-article' }, t('rule.article', { article: reason.article })) : null,
    reason.article ? ' — ' : null,
    text);
}

export function reasonList(reasons) {
  if (!reasons || reasons.length === 0) return null;
  return el('ul', { class: 'reasons' }, reasons.map(reasonItem));
}

// The largest files the core accepts (input::Kind): checked here too, so that a wrong choice (a
// video, a disk image) is refused at once instead of being read into memory and sent.
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
export const MAX_CLASS_LIST_BYTES = 50 * 1024 * 1024;

// An Error saying that `file` is over `maxBytes`, or null.
export function tooLarge(file, maxBytes) {
  if (file.size <= maxBytes) return null;
  // Said as the hints say it (« 20 Mo au plus »).
  const error = new Error(t('file.tooLarge', { name: file.name, max: t('size.mb', { n: maxBytes / (1024 * 1024) }) }));
  error.messageFr = error.message;
  return error;
}

// Reads an <input type=file>'s first file as {name, base64}, or null when none was chosen; refused
// (a rejected promise with the message) over `maxBytes`.
export function readChosenFile(input, maxBytes = MAX_DOCUMENT_BYTES) {
  const file = input && input.files && input.files[0];
  if (!file) return Promise.resolve(null);
  const refusal = tooLarge(file, maxBytes);
  if (refusal) return Promise.reject(refusal);
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve({ name: file.name, base64: url.slice(url.indexOf(',') + 1) });
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

// A screen reloading its data after an action says so through the same hook the router uses.
export function markLoading() {
  document.body.dataset.ready = '0';
}

export function markReady() {
  document.body.dataset.ready = '1';
}

// A labelled field: label, control, optional hint.
export function field(labelText, control, hint) {
  return el('div', { class: 'field' },
    el('label', { class: 'field-label', for: control.id }, labelText),
    control,
    hint ? el('p', { class: 'field-hint' }, hint) : null);
}

// The school year before `year` (« 2025-2026 » → « 2024-2025 »): a tolerance covers those who used the platform then.
export function schoolYearBefore(year) {
  const start = Number(String(year || '').slice(0, 4));
  return Number.isFinite(start) && start > 0 ? `${start - 1}-${start}` : '';
}

// The school year a draft belongs to: the one in Paramètres.
export function schoolYear(context) {
  return context && context.settings ? context.settings.school_year : '';
}
