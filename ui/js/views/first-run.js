// First run: the welcome, the creation of the encrypted store with its one-time recovery key, then the school form.
import * as api from '../api.js';
import { el, showMessage, setBusy, clearBusy } from '../dom.js';
import { t, errorText, getLanguage } from '../i18n.js';
import { buildPlainTopbar, screenTitle } from './shell.js';
import { SCHOOL_FIELDS, buildSchoolFields, readRequired, saveSettings, showFieldErrors } from './school-fields.js';

// Kept across redraws, since switching the language redraws the screen and the backend hands out the
// recovery key only once: losing it from the page before the user noted it would be unrecoverable.
const state = {
  step: 'welcome', // 'welcome' | 'key' | 'setup'
  recoveryKey: '',
  printedPath: '',
  printError: null,
  confirmed: false,
  setupValues: null,
  setupError: null,
};

// Starts the flow at `step`: 'welcome' for a computer without a store, 'setup' when a store exists but the
// school was never filled in (Balise closed between the key and the form).
export function startFirstRun(step, settings) {
  Object.assign(state, {
    step,
    recoveryKey: '',
    printedPath: '',
    printError: null,
    confirmed: false,
    setupValues: settings || null,
    setupError: null,
  });
}

// context: { status, onChooseLanguage(language), onStoreOpened(), onFinished(settings), redraw() }.
export async function renderFirstRun(root, context) {
  const card = el('section', { class: 'card solo-card', 'aria-labelledby': 'screen-title' });
  root.replaceChildren(el('div', { class: 'solo' },
    buildPlainTopbar(context.onChooseLanguage),
    el('div', { class: 'solo-body' }, card)));
  if (state.step === 'key') renderKey(card, context);
  else if (state.step === 'setup') renderSetup(card, context);
  else renderWelcome(card, context);
}

function renderWelcome(card, context) {
  const error = el('p', { class: 'message message--error', role: 'alert', hidden: true });
  const create = el('button', { type: 'button', id: 'welcome-create', class: 'button button--primary' }, t('welcome.create'));
  create.addEventListener('click', async () => {
    setBusy(create, t('welcome.creating'));
    showMessage(error, '');
    try {
      const created = await api.initStore();
      state.recoveryKey = created.recovery_key;
      state.step = 'key';
      context.onStoreOpened();
      context.redraw();
    } catch (failure) {
      showMessage(error, errorText(failure));
      clearBusy(create, t('welcome.create'));
    }
  });
  const dataDir = context.status && context.status.data_dir;
  card.append(
    screenTitle(t('welcome.title')),
    el('p', { class: 'lead' }, t('welcome.lead')),
    el('p', null, t('welcome.what')),
    el('p', { class: 'callout callout--calm' }, t('welcome.private')),
    el('p', null, t('welcome.next')),
    error,
    el('div', { class: 'actions' }, create),
    dataDir ? el('p', { class: 'fine-print' }, t('welcome.dataDir', { path: dataDir })) : null);
  create.focus();
}

function renderKey(card, context) {
  const printResult = el('p', { id: 'recovery-print-result', class: 'message', role: 'status', hidden: true });
  const error = el('p', { class: 'message message--error', role: 'alert', hidden: true });
  const print = el('button', { type: 'button', id: 'recovery-print', class: 'button' }, t('recovery.print'));
  const confirm = el('input', { type: 'checkbox', id: 'recovery-confirm', class: 'checkbox', checked: state.confirmed });
  const noted = el('button', {
    type: 'button', id: 'recovery-noted', class: 'button button--primary', disabled: !state.confirmed,
  }, t('recovery.noted'));

  showPrintResult(printResult);
  print.addEventListener('click', async () => {
    setBusy(print, t('recovery.printing'));
    try {
      const sheet = await api.printRecoverySheet();
      state.printedPath = sheet.path;
      state.printError = null;
    } catch (failure) {
      state.printError = failure;
    }
    clearBusy(print, t('recovery.print'));
    showPrintResult(printResult);
  });
  confirm.addEventListener('change', () => {
    state.confirmed = confirm.checked;
    noted.disabled = !confirm.checked;
  });
  noted.addEventListener('click', async () => {
    if (!confirm.checked) return;
    setBusy(noted, t('app.working'));
    showMessage(error, '');
    try {
      await api.recoveryKeyNoted();
    } catch (failure) {
      showMessage(error, errorText(failure));
      clearBusy(noted, t('recovery.noted'));
      return;
    }
    // The backend has forgotten the key; the page forgets it too.
    state.recoveryKey = '';
    try {
      state.setupValues = await api.settingsGet();
    } catch (failure) {
      state.setupValues = {};
      state.setupError = failure;
    }
    state.step = 'setup';
    context.redraw();
  });

  card.append(
    screenTitle(t('recovery.title')),
    el('p', null, t('recovery.explain')),
    el('p', { class: 'callout callout--warning' }, t('recovery.once')),
    el('div', { class: 'recovery-box' },
      el('p', { class: 'recovery-label' }, t('recovery.keyLabel')),
      buildKey(state.recoveryKey)),
    el('div', { class: 'actions' }, print),
    printResult,
    el('div', { class: 'check-row' },
      confirm,
      el('label', { for: 'recovery-confirm' }, t('recovery.confirm'))),
    error,
    el('div', { class: 'actions' }, noted));
  print.focus();
}

// The key in groups, so it reads "ABCD - EFGH - …" on screen; its textContent stays exactly the key.
export function buildKey(key) {
  const groups = key.split('-');
  const children = [];
  groups.forEach((group, index) => {
    if (index > 0) children.push(el('span', { class: 'key-dash' }, '-'));
    children.push(el('span', { class: 'key-group' }, group));
  });
  return el('div', { id: 'recovery-key', class: 'recovery-key' }, children);
}

function showPrintResult(node) {
  if (state.printError) showMessage(node, errorText(state.printError), 'error');
  else if (state.printedPath) showMessage(node, t('recovery.printed', { path: state.printedPath }), 'ok');
  else showMessage(node, '');
}

function renderSetup(card, context) {
  const formError = el('p', { class: 'message message--error', role: 'alert', hidden: true });
  const save = el('button', { type: 'submit', id: 'setup-save', class: 'button button--primary' }, t('setup.save'));
  const fields = buildSchoolFields(state.setupValues, () => {
    state.setupValues = fields.read(false);
  });
  const form = el('form', { id: 'setup-form', class: 'form', novalidate: true },
    fields.element,
    formError,
    el('div', { class: 'actions' }, save));

  if (state.setupError) showMessage(formError, errorText(state.setupError));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (save.disabled) return;
    showMessage(formError, '');
    const values = readRequired(fields);
    if (!values) return;
    setBusy(save, t('form.saving'));
    // The language chosen so far on this computer becomes the store's setting.
    const entries = SCHOOL_FIELDS.map((field) => [field.key, values[field.key]]);
    entries.push(['language', getLanguage()]);
    const { settings, errors } = await saveSettings(entries);
    if (errors.size === 0 && settings) {
      state.setupValues = null;
      context.onFinished(settings);
      return;
    }
    clearBusy(save, t('setup.save'));
    state.setupValues = values;
    showFieldErrors(fields, [], fieldErrorsOnly(errors));
    const other = [...errors].find(([key]) => !fields.inputs.has(key));
    showMessage(formError, other ? errorText(other[1]) : t('form.notSaved'));
    fields.focusFirstError();
  });

  card.append(
    screenTitle(t('setup.title')),
    el('p', null, t('setup.intro')),
    form);
  fields.focusFirstEmpty();
}

function fieldErrorsOnly(errors) {
  return new Map([...errors].filter(([key]) => SCHOOL_FIELDS.some((field) => field.key === key)));
}
