// Demandes d'accès (seed 004, art. 4; issue 15, items 16–17): the register of access and rectification
// requests — a new one (the person on file found by name, or a name typed), each with its legal deadline
// (Loi sur l'accès, art. 98: 20 days, 30 once extended with a notice), answered once — and, for a person on
// file, « Exporter ses renseignements » (every school year) and « Rectifier », from a request or from a search.
import * as api from '../api.js';
import { el, showMessage, setBusy, clearBusy } from '../dom.js';
import { t, errorText } from '../i18n.js';
import { screenTitle } from './shell.js';
import { today } from './register-common.js';

const KINDS = ['acces', 'rectification', 'autre'];
const ANSWERS = ['accordee', 'partielle', 'refusee', 'retiree'];
const FIELDS = {
  eleve: ['last_name', 'first_name', 'birth_date', 'code_permanent'],
  parent: ['last_name', 'first_name', 'email', 'relation'],
};
const REASONS = ['demande', 'erreur', 'document'];

export async function renderRequests(container) {
  const list = el('ul', { id: 'request-list', class: 'request-list', 'aria-label': t('requests.listLabel') });
  const listStatus = el('p', { class: 'message', role: 'alert', hidden: true });
  const reload = async () => {
    try {
      const requests = await api.requestList(false);
      list.replaceChildren(...requests.map((request) => requestItem(request, reload)));
      if (requests.length === 0) list.append(el('li', { class: 'empty-text' }, t('requests.none')));
    } catch (failure) {
      showMessage(listStatus, errorText(failure), 'error');
    }
  };
  container.append(
    screenTitle(t('nav.demandes')),
    el('p', { class: 'section-intro' }, t('requests.intro')),
    newRequestSection(reload),
    el('section', { class: 'panel', 'aria-labelledby': 'requests-list-title' },
      el('h2', { id: 'requests-list-title', class: 'section-title' }, t('requests.listTitle')),
      el('p', { class: 'section-intro' }, t('requests.deadlineRule')),
      listStatus, list),
    personSection());
  await reload();
}

const field = (input, key) => el('div', { class: 'field' }, el('label', { class: 'field-label', for: input.id }, t(key)), input);

// A search of the people on file (students of every year, guardians once each); `onChoose(hit)`.
function personPicker(prefix, labelKey, onChoose) {
  const search = el('input', { id: `${prefix}-search`, type: 'search', class: 'input', autocomplete: 'off', placeholder: t('requests.searchHint') });
  const hits = el('ul', { id: `${prefix}-hits`, class: 'person-hits' });
  let asked = 0;
  search.addEventListener('input', async () => {
    const mine = ++asked;
    const query = search.value.trim();
    if (query.length < 2) return hits.replaceChildren();
    let found;
    try {
      found = await api.personSearch(query);
    } catch (failure) {
      if (mine === asked) hits.replaceChildren(el('li', { class: 'message message--error' }, errorText(failure)));
      return;
    }
    if (mine !== asked) return;
    hits.replaceChildren(...(found.length ? found.map((hit) => el('li', { dataset: { kind: hit.kind, id: hit.id } },
      el('button', { type: 'button', class: ['button', 'button--small', 'person-hit'], onClick: () => { hits.replaceChildren(); onChoose(hit); } },
        personLabel(hit)))) : [el('li', { class: 'empty-text' }, t('requests.noMatch'))]));
  });
  return { element: el('div', { class: 'person-picker' }, field(search, labelKey), hits), search };
}

function personLabel(hit) {
  return t(hit.kind === 'parent' ? 'requests.personParent' : 'requests.personStudent', { name: hit.name, detail: hit.detail, year: hit.year });
}

function newRequestSection(reload) {
  let subject = null;
  const chosen = el('p', { id: 'request-person-chosen', class: 'person-chosen', hidden: true });
  const picker = personPicker('request-person', 'requests.field.person', (hit) => {
    subject = { kind: hit.kind, id: hit.id };
    const clear = el('button', { type: 'button', class: ['button', 'button--small'], onClick: () => {
      subject = null;
      chosen.hidden = true;
      picker.search.value = '';
      picker.search.focus();
    } }, t('requests.clearPerson'));
    chosen.replaceChildren(t('requests.about', { person: personLabel(hit) }), ' ', clear);
    chosen.hidden = false;
  });
  const requester = el('input', { id: 'request-requester', type: 'text', class: 'input', maxlength: 200, placeholder: t('requests.requesterHint') });
  const received = el('input', { id: 'request-received', type: 'date', class: ['input', 'input--short'], value: today(), required: true });
  const kind = el('select', { id: 'request-kind', class: ['input', 'input--short'] },
    KINDS.map((value) => el('option', { value }, t(`requests.kind.${value}`))));
  const details = el('textarea', { id: 'request-details', class: 'input', rows: 3, maxlength: 2000 });
  const error = el('p', { id: 'request-error', class: 'message', role: 'alert', hidden: true });
  const label = t('requests.submit');
  const submit = el('button', { type: 'submit', id: 'request-submit', class: ['button', 'button--primary'] }, label);
  const form = el('form', { id: 'request-form', class: 'form', novalidate: true },
    picker.element, chosen,
    el('div', { class: 'field-grid' },
      field(requester, 'requests.field.requester'), field(received, 'requests.field.received'), field(kind, 'requests.field.kind')),
    field(details, 'requests.field.details'),
    el('div', { class: 'actions' }, submit), error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    showMessage(error, '');
    setBusy(submit, t('form.saving'));
    try {
      const added = await api.requestAdd({
        received_on: received.value, kind: kind.value, details: details.value, requester: requester.value, subject,
      });
      showMessage(error, t('requests.added', { id: added.id, date: added.deadline }), 'ok');
      requester.value = '';
      details.value = '';
      picker.search.value = '';
      subject = null;
      chosen.hidden = true;
      await reload();
    } catch (failure) {
      showMessage(error, errorText(failure), 'error');
    }
    clearBusy(submit, label);
  });
  return el('section', { class: 'panel', 'aria-labelledby': 'request-new-title' },
    el('h2', { id: 'request-new-title', class: 'section-title' }, t('requests.newTitle')), form);
}

// Where a request stands: answered (late or not), overdue, due soon, or the days left.
function deadlineText(request) {
  if (!request.open) {
    const answer = t(`requests.answer.${request.answer}`);
    return t(request.answered_late ? 'requests.answeredLate' : 'requests.answered', { answer, date: request.answered_on, deadline: request.deadline_in_force });
  }
  if (request.overdue) return t('requests.overdue', { date: request.deadline_in_force, days: -request.days_left });
  return t(request.extended_on ? 'requests.dueExtended' : 'requests.due', { date: request.deadline_in_force, days: request.days_left });
}

function requestItem(request, reload) {
  const slot = el('div', { class: 'request-slot' });
  const actions = el('div', { class: 'actions request-actions' });
  const open = (builder) => () => { slot.replaceChildren(builder()); const first = slot.querySelector('input, select, textarea'); if (first) first.focus(); };
  const close = () => slot.replaceChildren();
  if (request.open) {
    actions.append(el('button', { type: 'button', class: ['button', 'button--small'], dataset: { action: 'answer' },
      onClick: open(() => answerForm(request, close, reload)) }, t('requests.answerOpen')));
    if (!request.extended_on && request.days_left >= 0) {
      actions.append(el('button', { type: 'button', class: ['button', 'button--small'], dataset: { action: 'extend' },
        onClick: open(() => extendForm(request, close, reload)) }, t('requests.extendOpen')));
    }
  }
  const subject = request.subject;
  const about = subject ? t('requests.aboutShort', { name: subject.name, year: subject.year }) : '';
  return el('li', { class: ['request', request.overdue ? 'request--overdue' : '', request.due_soon ? 'request--soon' : ''],
    dataset: { requestId: request.id, open: String(request.open), overdue: String(request.overdue) } },
  el('h3', { class: 'request-title' },
    t('requests.number', { id: request.id }), ' · ', t(`requests.kind.${request.kind}`), ' · ', request.requester,
    about ? el('span', { class: 'request-about' }, ` — ${about}`) : null),
  el('p', { class: 'request-received' }, t('requests.receivedOn', { date: request.received_on })),
  el('p', { class: ['deadline', 'request-deadline', request.overdue ? 'deadline--overdue' : ''], dataset: { overdue: String(request.overdue) } },
    deadlineText(request)),
  request.details ? el('p', { class: 'request-details' }, request.details) : null,
  request.answer_reason ? el('p', { class: 'request-reason' }, t('requests.reasonShown', { reason: request.answer_reason })) : null,
  subject ? personActions(subject.kind, subject.id, `request-${request.id}`) : null,
  actions, slot);
}

function answerForm(request, close, reload) {
  const answer = el('select', { id: `request-${request.id}-answer`, class: ['input', 'input--short'], name: 'answer' },
    ANSWERS.map((value) => el('option', { value }, t(`requests.answer.${value}`))));
  const on = el('input', { id: `request-${request.id}-on`, name: 'on', type: 'date', class: ['input', 'input--short'], value: today() });
  const reason = el('textarea', { id: `request-${request.id}-reason`, name: 'reason', class: 'input', rows: 2, maxlength: 2000 });
  return smallForm(`request-${request.id}-answer-form`, t('requests.answerRule'),
    [field(answer, 'requests.field.answer'), field(on, 'requests.field.answeredOn'), field(reason, 'requests.field.reason')],
    t('requests.answerSave'), close,
    async () => { await api.requestAnswer(request.id, answer.value, on.value, reason.value); await reload(); });
}

function extendForm(request, close, reload) {
  const on = el('input', { id: `request-${request.id}-extend-on`, name: 'on', type: 'date', class: ['input', 'input--short'], value: today() });
  return smallForm(`request-${request.id}-extend-form`, t('requests.extendRule', { date: request.deadline }),
    [field(on, 'requests.field.extendedOn')], t('requests.extendSave'), close,
    async () => { await api.requestExtend(request.id, on.value); await reload(); });
}

// An inline form: its rule, its fields, save and cancel; `save()` throws to show the backend's sentence.
function smallForm(id, rule, fields, saveLabel, close, save) {
  const status = el('p', { class: 'message', role: 'alert', hidden: true });
  const submit = el('button', { type: 'submit', class: ['button', 'button--primary', 'button--small'] }, saveLabel);
  const cancel = el('button', { type: 'button', class: ['button', 'button--small'], onClick: close }, t('form.cancel'));
  const form = el('form', { id, class: ['form', 'use-action-form'], novalidate: true },
    el('p', { class: 'use-action-rule' }, rule), el('div', { class: 'field-grid' }, fields),
    el('div', { class: 'actions' }, submit, cancel), status);
  form.addEventListener('keydown', (event) => { if (event.key === 'Escape') close(); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    showMessage(status, '');
    setBusy(submit, t('form.saving'));
    try {
      await save(status);
    } catch (failure) {
      showMessage(status, errorText(failure), 'error');
      clearBusy(submit, saveLabel);
    }
  });
  return form;
}

// « Exporter ses renseignements » (every school year: JSON, PDF and scans in a new folder) and « Rectifier… »
// for one person on file, a student (`eleve`) or a guardian (`parent`).
function personActions(kind, id, prefix) {
  const status = el('p', { class: ['message', 'person-status'], role: 'status', hidden: true });
  const slot = el('div', { class: 'person-slot' });
  const exportLabel = t('requests.export');
  const exportButton = el('button', { type: 'button', class: ['button', 'button--small'], dataset: { action: 'export' } }, exportLabel);
  exportButton.addEventListener('click', async () => {
    showMessage(status, '');
    setBusy(exportButton, t('app.working'));
    try {
      const saved = kind === 'parent' ? await api.guardianExport(id, exportLabel) : await api.personExport(id, exportLabel);
      if (saved) showMessage(status, t('matrix.accessSaved', { path: saved.path }), 'ok');
    } catch (failure) {
      showMessage(status, errorText(failure), 'error');
    }
    clearBusy(exportButton, exportLabel);
  });
  const correctButton = el('button', { type: 'button', class: ['button', 'button--small'], dataset: { action: 'correct' } }, t('requests.correctOpen'));
  correctButton.addEventListener('click', () => {
    const fieldSelect = el('select', { id: `${prefix}-field`, name: 'field', class: ['input', 'input--short'] },
      FIELDS[kind].map((value) => el('option', { value }, t(`requests.correctField.${value}`))));
    const value = el('input', { id: `${prefix}-value`, name: 'value', type: 'text', class: 'input', maxlength: 200 });
    const reason = el('select', { id: `${prefix}-reason`, name: 'reason', class: 'input' },
      REASONS.map((r) => el('option', { value: r }, t(`requests.correctReason.${r}`))));
    const close = () => slot.replaceChildren();
    slot.replaceChildren(smallForm(`${prefix}-correct-form`, t('requests.correctRule'),
      [field(fieldSelect, 'requests.field.correctField'), field(value, 'requests.field.correctValue'), field(reason, 'requests.field.correctReason')],
      t('requests.correctSave'), close,
      async () => {
        const now = await api.personCorrect(kind, id, fieldSelect.value, value.value, reason.value);
        close();
        showMessage(status, t('requests.corrected', { field: t(`requests.correctField.${fieldSelect.value}`), name: now }), 'ok');
      }));
    fieldSelect.focus();
  });
  return el('div', { class: 'person-actions', dataset: { kind, id } },
    el('div', { class: 'actions' }, exportButton, correctButton), slot, status);
}

// A person's file without a request: find them, then export or rectify.
function personSection() {
  const slot = el('div', { id: 'person-chosen' });
  const picker = personPicker('person', 'requests.field.findPerson', (hit) => {
    slot.replaceChildren(el('p', { class: 'person-chosen' }, personLabel(hit)), personActions(hit.kind, hit.id, 'person'));
  });
  return el('section', { class: 'panel', 'aria-labelledby': 'person-title' },
    el('h2', { id: 'person-title', class: 'section-title' }, t('requests.personTitle')),
    el('p', { class: 'section-intro' }, t('requests.personIntro')),
    picker.element, slot);
}
