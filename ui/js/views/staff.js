// Personnel (#/personnel): the staff list, with a correction form per person (name or e-mail; the classes
// follow, since they refer to the person) and the form that adds someone.
import * as api from '../api.js';
import { el, showMessage, setBusy, clearBusy } from '../dom.js';
import { t, errorText } from '../i18n.js';
import { screenTitle } from './shell.js';
import { field, markLoading, markReady } from './register-common.js';

export async function renderStaff(container) {
  const error = el('p', { class: 'message message--error', role: 'alert', hidden: true });
  const body = el('tbody');
  const table = el('table', { id: 'staff-table', class: 'table' },
    el('caption', { class: 'visually-hidden' }, t('staff.caption')),
    el('thead', null, el('tr', null,
      ['name', 'email', 'classes', 'edit'].map((column) => el('th', { scope: 'col' }, t(`staff.col.${column}`))))),
    body);
  const editSlot = el('div', { class: 'staff-edit-slot' });
  container.append(
    screenTitle(t('nav.personnel')),
    el('p', { class: 'section-intro' }, t('staff.intro')),
    error,
    el('section', { class: 'panel', 'aria-labelledby': 'staff-table-title' },
      el('h2', { id: 'staff-table-title', class: 'section-title' }, t('staff.listTitle')),
      el('div', { class: 'table-scroll' }, table),
      editSlot));

  const load = async (focusId) => {
    try {
      const [staff, classes] = await Promise.all([api.staffList(), api.classList()]);
      const classesOf = (id) => classes.filter((one) => one.teachers.some((teacher) => teacher.id === id)).map((one) => one.code);
      body.replaceChildren(...(staff.length
        ? staff.map((member) => staffRow(member, classesOf(member.id), () => openEdit(member)))
        : [el('tr', null, el('td', { colspan: '4', class: 'empty-text' }, t('staff.none')))]));
      showMessage(error, '');
      if (focusId) {
        const button = body.querySelector(`tr[data-staff-id="${Number(focusId)}"] button[data-action="edit"]`);
        if (button) button.focus();
      }
    } catch (failure) {
      showMessage(error, errorText(failure));
    }
  };
  const reload = async (focusId) => {
    markLoading();
    await load(focusId);
    markReady();
  };
  const openEdit = (member) => {
    editSlot.replaceChildren(buildEditForm(member, (focusId, changed) => {
      editSlot.replaceChildren();
      if (changed) reload(focusId);
      else {
        const button = body.querySelector(`tr[data-staff-id="${Number(focusId)}"] button[data-action="edit"]`);
        if (button) button.focus();
      }
    }));
    document.getElementById('staff-edit-name').focus();
  };

  await load();
  container.append(el('section', { class: 'panel', 'aria-labelledby': 'staff-add-title' },
    el('h2', { id: 'staff-add-title', class: 'section-title' }, t('staff.addTitle')),
    buildAddForm(reload)));
}

function staffRow(member, classes, onEdit) {
  const edit = el('button', { type: 'button', class: 'button button--small', dataset: { action: 'edit' },
    'aria-label': t('staff.editOne', { name: member.name }) }, t('staff.edit'));
  edit.addEventListener('click', onEdit);
  return el('tr', { dataset: { staffId: member.id } },
    el('th', { scope: 'row' }, member.name),
    el('td', null, member.email || '—'),
    el('td', null, classes.join(', ') || '—'),
    el('td', null, edit));
}

// Name and e-mail of one person; Escape or « Annuler » closes without saving.
function buildEditForm(member, close) {
  const name = el('input', { id: 'staff-edit-name', class: 'input', value: member.name, required: true, autocomplete: 'off' });
  const email = el('input', { id: 'staff-edit-email', class: 'input', type: 'email', value: member.email, autocomplete: 'off' });
  const submit = el('button', { type: 'submit', id: 'staff-edit-submit', class: 'button button--primary' }, t('form.save'));
  const cancel = el('button', { type: 'button', id: 'staff-edit-cancel', class: 'button' }, t('form.cancel'));
  const status = el('p', { id: 'staff-edit-error', class: 'message', role: 'alert', hidden: true });
  cancel.addEventListener('click', () => close(member.id, false));
  const form = el('form', { id: 'staff-edit-form', class: 'form subform', novalidate: true },
    el('h3', null, t('staff.editTitle', { name: member.name })),
    el('div', { class: 'field-grid' }, field(t('staff.name'), name), field(t('staff.email'), email)),
    el('p', { class: 'field-hint' }, t('staff.editHint')),
    el('div', { class: 'actions' }, submit, cancel),
    status);
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close(member.id, false);
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    if (!name.value.trim()) {
      showMessage(status, t('field.required'), 'error');
      name.focus();
      return;
    }
    setBusy(submit, t('form.saving'));
    try {
      await api.staffSet(member.name, { name: name.value.trim(), email: email.value.trim() });
      close(member.id, true);
    } catch (failure) {
      clearBusy(submit, t('form.save'));
      showMessage(status, errorText(failure), 'error');
    }
  });
  return form;
}

function buildAddForm(reload) {
  const name = el('input', { id: 'staff-new-name', class: 'input', required: true, autocomplete: 'off' });
  const email = el('input', { id: 'staff-new-email', class: 'input', type: 'email', autocomplete: 'off' });
  const submit = el('button', { type: 'submit', id: 'staff-new-submit', class: 'button button--primary' }, t('staff.add'));
  const status = el('p', { id: 'staff-new-status', class: 'message', role: 'status', hidden: true });
  const form = el('form', { id: 'staff-new-form', class: 'form', novalidate: true },
    el('div', { class: 'field-grid' }, field(t('staff.name'), name), field(t('staff.email'), email)),
    el('div', { class: 'actions' }, submit),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    if (!name.value.trim()) {
      showMessage(status, t('field.required'), 'error');
      name.focus();
      return;
    }
    setBusy(submit, t('form.saving'));
    try {
      const added = await api.staffAdd({ name: name.value.trim(), email: email.value.trim() });
      form.reset();
      showMessage(status, t('staff.added', { name: added.name }), 'ok');
      await reload();
      name.focus();
    } catch (failure) {
      showMessage(status, errorText(failure), 'error');
    }
    clearBusy(submit, t('staff.add'));
  });
  return form;
}
