// The actions on one platform use of a class (authorization — with, for a tolerated platform, « utilisait déjà »
// —, committee validation, presentation document, its validation and sending, end of use, the use's own staff):
// a button each, opening a small inline form.
import * as api from '../api.js';
import { el, showMessage, setBusy, clearBusy } from '../dom.js';
import { t, errorText } from '../i18n.js';
import { today, readChosenFile, schoolYearBefore } from './register-common.js';

// Each action: its fields (on = date, by = who, file = document, prior = « utilisait déjà », staff = names; a
// trailing `?` marks a field that may be left empty) and the call it makes; the form shows the Directive's rule
// the action satisfies (use.rule.ACTION). `fields` may depend on the use's platform.
const ACTIONS = [
  // Note de service of 25 August 2025, footnote 1: a tolerated platform only « pour celles et ceux qui
  // l'utilisaient déjà »: the permission says so.
  { action: 'authorize', fields: (platform) => (platform && platform.status === 'toleree' ? ['on', 'by', 'file?', 'prior'] : ['on', 'by', 'file?']),
    run: (use, v) => api.useAuthorize(use.id, v.on, v.by, v.file, v.prior) },
  { action: 'committee', fields: ['on'], run: (use, v) => api.useValidateCommittee(use.id, v.on) },
  { action: 'attach-doc', fields: ['file'], run: (use, v) => api.useAttachDoc(use.id, v.file) },
  { action: 'validate-doc', fields: ['on', 'by'], run: (use, v) => api.useValidateDoc(use.id, v.on, v.by) },
  { action: 'send-doc', fields: ['on'], run: (use, v) => api.useSendDoc(use.id, v.on) },
  { action: 'end', fields: ['on'], run: (use, v) => api.useEnd(use.id, v.on) },
  // Annexe A: « le membre du personnel » who uses the platform, and empties it by 30 June (5.9).
  { action: 'staff', fields: ['staff?'], run: (use, v) => api.useSetStaff(use.id, splitNames(v.staff)) },
];

// « Marie Tremblay; Karim Haddad » → the names.
export function splitNames(text) {
  return String(text || '').split(';').map((name) => name.trim()).filter(Boolean);
}

// The action bar of a use card. `onDone(useId)` reloads the class after a recorded action;
// `defaultBy` pre-fills the "by" fields (the principal's name from Paramètres); `platform` is the use's catalogue
// entry; `staffNames` the staff list offered for the use's staff.
export function buildUseActions(use, { onDone, defaultBy, platform, staffNames }) {
  const slot = el('div', { class: 'use-action-slot' });
  const buttons = ACTIONS.map((spec) => {
    const button = el('button', {
      type: 'button',
      class: 'button button--small',
      dataset: { action: spec.action },
      'aria-expanded': 'false',
    }, t(`use.action.${spec.action}`));
    button.addEventListener('click', () => {
      const open = button.getAttribute('aria-expanded') === 'true';
      for (const other of buttons) other.setAttribute('aria-expanded', 'false');
      slot.replaceChildren();
      if (open) return;
      button.setAttribute('aria-expanded', 'true');
      const form = buildActionForm(use, spec, { onDone, defaultBy, platform, staffNames, close: () => {
        button.setAttribute('aria-expanded', 'false');
        slot.replaceChildren();
        button.focus();
      } });
      slot.append(form);
      const first = form.querySelector('input');
      if (first) first.focus();
    });
    return button;
  });
  return el('div', { class: 'use-actions' },
    el('div', { class: 'actions use-action-buttons', role: 'group', 'aria-label': t('use.actionsLabel') }, buttons),
    slot);
}

function buildActionForm(use, spec, { onDone, defaultBy, platform, staffNames, close }) {
  const inputs = {};
  const names = typeof spec.fields === 'function' ? spec.fields(platform) : spec.fields;
  const staffNow = (use.staff || []).map((one) => one.name).join(', ');
  const fields = names.map((name) => {
    const optional = name.endsWith('?');
    const key = optional ? name.slice(0, -1) : name;
    const id = `use-${use.id}-${spec.action}-${key}`;
    let input;
    if (key === 'on') input = el('input', { id, name: 'on', type: 'date', class: 'input input--short', value: today(), required: true });
    else if (key === 'by') input = el('input', { id, name: 'by', class: 'input', value: defaultBy || '', required: true, autocomplete: 'off' });
    else if (key === 'prior') {
      input = el('input', { id, name: 'prior', type: 'checkbox', class: 'checkbox', checked: Boolean(use.authorization && use.authorization.prior_use) });
      inputs.prior = { input, optional: true };
      const label = t('use.field.prior', { staff: staffNow || t('use.staffNone'), platform: use.platform, year: schoolYearBefore(use.year) });
      return el('div', { class: 'field field--check' },
        el('div', { class: 'check-row' }, input, el('label', { for: id }, label)),
        el('p', { class: 'field-hint' }, t('use.priorHelp')));
    } else if (key === 'staff') {
      const listId = `${id}-options`;
      input = el('input', { id, name: 'staff', class: 'input', list: listId, autocomplete: 'off',
        value: (use.own_staff || []).map((one) => one.name).join('; ') });
      inputs.staff = { input, optional: true };
      return el('div', { class: 'field' },
        el('label', { class: 'field-label', for: id }, t('use.field.staff')),
        input,
        el('datalist', { id: listId }, (staffNames || []).map((one) => el('option', { value: one }))),
        el('p', { class: 'field-hint' }, t('use.staffHint')));
    } else input = el('input', { id, name: 'file', type: 'file', class: 'input', accept: '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg', required: !optional });
    inputs[key] = { input, optional };
    return el('div', { class: 'field' },
      el('label', { class: 'field-label', for: id }, t(`use.field.${key}${optional ? 'Optional' : ''}`)),
      input);
  });
  const submit = el('button', { type: 'submit', class: 'button button--primary button--small' }, t(`use.submit.${spec.action}`));
  const cancel = el('button', { type: 'button', class: 'button button--small' }, t('form.cancel'));
  const status = el('p', { class: 'message', role: 'alert', hidden: true });
  cancel.addEventListener('click', close);
  const form = el('form', { class: 'form use-action-form', dataset: { action: spec.action }, novalidate: true },
    el('p', { class: 'use-action-rule' }, t(`use.rule.${spec.action}`)),
    el('div', { class: 'field-grid' }, fields),
    el('div', { class: 'actions' }, submit, cancel),
    status);
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    showMessage(status, '');
    const values = {};
    for (const [key, { input, optional }] of Object.entries(inputs)) {
      if (key === 'file') {
        try {
          values.file = await readChosenFile(input);
        } catch (refusal) {
          return fail(status, input, refusal.message);
        }
        if (!values.file && !optional) return fail(status, input, t('use.fileRequired'));
      } else if (key === 'prior') {
        values.prior = input.checked;
      } else {
        values[key] = input.value.trim();
        if (!values[key] && !optional) return fail(status, input, t('field.required'));
      }
    }
    setBusy(submit, t('form.saving'));
    try {
      await spec.run(use, values);
      clearBusy(submit, t(`use.submit.${spec.action}`));
      await onDone(use.id, spec.action);
    } catch (failure) {
      clearBusy(submit, t(`use.submit.${spec.action}`));
      showMessage(status, errorText(failure), 'error');
    }
  });
  return form;
}

function fail(status, input, text) {
  showMessage(status, text, 'error');
  input.focus();
}
