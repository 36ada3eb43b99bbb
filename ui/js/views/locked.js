// The lock screen: the store exists but its key could not be read from the OS keychain; unlock with the recovery key.
// It never offers to create a new store: that would hide the school's data behind a fresh, empty one.
import * as api from '../api.js';
import { el, showMessage, setBusy, clearBusy } from '../dom.js';
import { t, errorText, getLanguage } from '../i18n.js';
import { buildPlainTopbar, screenTitle } from './shell.js';

// Kept across redraws (a language switch redraws the screen) so that a half-typed key is not lost.
const state = { code: '', error: null };

// The code the backend receives: letters and digits only, upper case, in groups of four joined by dashes,
// whatever dashes, spaces or lower case the person typed.
export function normalizeRecoveryCode(typed) {
  const characters = String(typed).toUpperCase().replace(/[^A-Z0-9]/g, '');
  return characters.match(/.{1,4}/g)?.join('-') ?? '';
}

// context: { status, onChooseLanguage(language), onUnlocked() }.
export async function renderLocked(root, context) {
  const reason = context.status ? context.status.reason : null;
  const input = el('input', {
    id: 'unlock-code',
    name: 'code',
    type: 'text',
    class: 'input input--code',
    value: state.code,
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    'aria-describedby': 'unlock-code-hint unlock-error',
    onInput: () => {
      state.code = input.value;
    },
  });
  const error = el('p', { id: 'unlock-error', class: 'field-error', role: 'alert', hidden: true });
  const submit = el('button', { type: 'submit', id: 'unlock-submit', class: 'button button--primary' }, t('locked.submit'));
  const form = el('form', { id: 'unlock-form', class: 'form', novalidate: true },
    el('div', { class: 'field' },
      el('label', { for: 'unlock-code', class: 'field-label' }, t('locked.codeLabel')),
      input,
      el('p', { id: 'unlock-code-hint', class: 'field-hint' }, t('locked.codeHint')),
      error),
    el('div', { class: 'actions' }, submit));

  showError(error, input);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    const code = normalizeRecoveryCode(input.value);
    if (!code) {
      state.error = 'empty';
      showError(error, input);
      input.focus();
      return;
    }
    state.error = null;
    showError(error, input);
    setBusy(submit, t('locked.submitting'));
    try {
      await api.unlockWithRecovery(code);
    } catch (failure) {
      state.error = failure;
      clearBusy(submit, t('locked.submit'));
      showError(error, input);
      input.focus();
      return;
    }
    state.code = '';
    context.onUnlocked();
  });

  const dataDir = context.status && context.status.data_dir;
  const card = el('section', { class: 'card solo-card', 'aria-labelledby': 'screen-title' },
    screenTitle(t('locked.title')),
    el('p', { class: 'lead' }, t('locked.intro')),
    el('div', { class: 'callout callout--warning' },
      el('h2', { class: 'callout-title' }, t('locked.reasonLabel')),
      el('p', { id: 'locked-reason' }, reasonText(reason))),
    el('p', null, t('locked.safe')),
    el('h2', { class: 'section-title' }, t('locked.unlockHeading')),
    form,
    el('p', { class: 'fine-print' }, t('locked.help')),
    dataDir ? el('p', { class: 'fine-print' }, t('locked.dataDir', { path: dataDir })) : null);

  root.replaceChildren(el('div', { class: 'solo' },
    buildPlainTopbar(context.onChooseLanguage),
    el('div', { class: 'solo-body' }, card)));
  input.focus();
}

function reasonText(reason) {
  if (!reason) return t('locked.noReason');
  const text = getLanguage() === 'en' ? reason.message_en || reason.message : reason.message || reason.message_en;
  return text || t('locked.noReason');
}

function showError(node, input) {
  let text = '';
  if (state.error === 'empty') text = t('locked.empty');
  else if (state.error && state.error.code === api.ErrorCode.wrongRecoveryKey) text = t('locked.wrongKey');
  else if (state.error) text = errorText(state.error);
  showMessage(node, text);
  if (text) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}
