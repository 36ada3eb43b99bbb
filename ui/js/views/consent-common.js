// Pieces shared by the screens that show consent forms (Retours, the class detail's matrix and a student's
// history): the answers as words with a mark, a form's state in one phrase, a form's events with their scans,
// and reading a dropped or chosen scan.
import * as api from '../api.js';
import { el } from '../dom.js';
import { t, errorText, formatSize } from '../i18n.js';
import { tooLarge, MAX_DOCUMENT_BYTES } from './register-common.js';

// What the file picker offers for a scan; the backend checks the bytes (PDF, JPEG, PNG, 20 MB at most).
export const SCAN_ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';
const SCAN_TYPES = new Set(['application/pdf', 'image/jpeg', 'image/png']);
const SCAN_EXTENSIONS = /\.(pdf|jpe?g|png)$/i;

// An answer in force: oui, non or sans_reponse (never ticked, or the form not back).
export function answerText(answer) {
  return t(`consent.answer.${answer}`);
}

// « Q1 ✓ oui » for one question: the mark is decoration, the word carries the meaning.
export function answerChip(question, answer) {
  return el('span', { class: ['answer-chip', `answer-chip--${answer}`], dataset: { question, answer } },
    el('span', { class: 'answer-question' }, t(`consent.${question}Short`)),
    el('span', { class: 'answer-mark', 'aria-hidden': 'true' }, ANSWER_MARKS[answer] || '–'),
    el('span', { class: 'answer-word' }, answerText(answer)));
}

const ANSWER_MARKS = { oui: '✓', non: '✗', sans_reponse: '–' };

// Both answers of a state, side by side.
export function answerPair(state) {
  return el('span', { class: 'answer-pair' }, answerChip('q1', state.q1), answerChip('q2', state.q2));
}

// Where a form stands, as a key: not_printed, not_returned, withdrawn, blank or returned.
export function consentStatus(state) {
  return state.status;
}

// The same as a coloured phrase (« Formulaire revenu le 2026-09-03 »), or in a word or two for a table cell.
export function statusBadge(state, short) {
  const status = consentStatus(state);
  return el('span', { class: ['badge', 'consent-badge', `consent-badge--${status}`], dataset: { status } },
    t(`consent.${short ? 'statusShort' : 'status'}.${status}`, { date: state.returned_on || '' }));
}

// « Q1 oui, Q2 non » in the interface language.
export function answersText(state) {
  return t('consent.answers', { q1: answerText(state.q1), q2: answerText(state.q2) });
}

// A form's history, oldest first: the day, what happened, the backend's sentence (in French, as recorded)
// and, when a scan was attached, a button that opens it in the system viewer.
export function eventList(events) {
  return el('ol', { class: 'event-list' }, events.map((event) => el('li', { class: ['event', `event--${event.kind}`], dataset: { eventId: event.id, kind: event.kind } },
    el('span', { class: 'event-date' }, event.on),
    el('span', { class: 'event-kind' }, t(`consent.event.${event.kind}`)),
    el('span', { class: 'event-summary', lang: 'fr' }, event.summary),
    event.scan ? scanButton(event.scan) : null)));
}

// « Voir la numérisation »: the scan is decrypted into Balise's export folder and opened by the system viewer.
export function scanButton(scan) {
  const status = el('span', { class: 'inline-status event-scan-status', role: 'status' });
  const button = el('button', { type: 'button', class: 'button button--small', dataset: { action: 'view-scan', attachmentId: scan.id },
    'aria-label': t('consent.viewScanOne', { name: scan.original_name }) }, t('consent.viewScan'));
  button.addEventListener('click', async () => {
    status.textContent = '';
    try {
      const shown = await api.attachmentView(scan.id);
      status.textContent = shown && shown.opened === false && shown.path ? t('use.savedTo', { path: shown.path }) : '';
    } catch (failure) {
      status.textContent = errorText(failure);
    }
  });
  return el('span', { class: 'event-scan' }, button, status);
}

// Whether a dropped or chosen file looks like a scan Balise keeps (the backend checks the bytes again).
export function looksLikeScan(file) {
  return SCAN_TYPES.has(file.type) || SCAN_EXTENSIONS.test(file.name || '');
}

// Reads a File as {name, base64, size} for the backend; refused over 20 Mo (the core's bound).
export function readUpload(file) {
  const refusal = tooLarge(file, MAX_DOCUMENT_BYTES);
  if (refusal) return Promise.reject(refusal);
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve({ name: file.name, base64: url.slice(url.indexOf(',') + 1), size: file.size });
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

// « scan.pdf (120 Ko) ».
export function uploadText(upload) {
  return `${upload.name} (${formatSize(upload.size)})`;
}

// A guardian as the office reads them: name, relationship, e-mail.
export function guardianName(guardian) {
  const name = `${guardian.first_name} ${guardian.last_name}`.trim();
  return name || guardian.email || t('consent.guardianUnnamed');
}
