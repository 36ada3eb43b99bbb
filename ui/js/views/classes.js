// Classes: the school year's classes with filters (level, state, platform, teacher) and a search box, and the
// form that adds a class (its teachers come from the staff list; a missing one can be added on the spot).
// #/classes/CODE shows one class (class-detail.js).
import * as api from '../api.js';
import { el, showMessage, setBusy, clearBusy } from '../dom.js';
import { t, errorText } from '../i18n.js';
import { screenTitle } from './shell.js';
import { classHref, stateBadge, audienceLabel, field, schoolYear, markLoading, markReady } from './register-common.js';
import { renderClassDetail } from './class-detail.js';

// From the calmest to the most urgent: a class shows the worst state of its active uses.
const STATE_ORDER = ['conforme', 'pas_prete', 'non_conforme'];
// Filters survive a language switch, not a new visit.
let filters = null;

export async function renderClasses(container, context) {
  if (context.param) return renderClassDetail(container, context);
  if (context.reason !== 'language' || !filters) filters = { search: '', level: '', state: '', platform: '', teacher: '' };

  const error = el('p', { class: 'message message--error', role: 'alert', hidden: true });
  const listSection = el('section', { class: 'panel', 'aria-labelledby': 'class-list-title' },
    el('h2', { id: 'class-list-title', class: 'section-title' }, t('classes.listTitle')));
  const addSection = el('section', { class: 'panel', 'aria-labelledby': 'class-add-title' },
    el('h2', { id: 'class-add-title', class: 'section-title' }, t('classes.addTitle')));
  container.append(screenTitle(t('nav.classes')), error, listSection, addSection);

  const data = { classes: [], uses: [], staff: [] };
  const list = el('ul', { id: 'class-list', class: 'class-list', 'aria-label': t('classes.listTitle') });
  const empty = el('p', { class: 'empty-text', hidden: true });
  const filterBar = el('div', { class: 'filters' });
  listSection.append(filterBar, list, empty);

  const draw = () => {
    filterBar.replaceChildren(...buildFilters(data, draw));
    const rows = data.classes.map((one) => summarize(one, data.uses)).filter(matches);
    list.replaceChildren(...rows.map(classItem));
    empty.textContent = data.classes.length ? t('classes.noMatch') : t('classes.none');
    empty.hidden = rows.length > 0;
  };
  const load = async () => {
    try {
      const [classes, uses, staff] = await Promise.all([api.classList(), api.useList(), api.staffList()]);
      Object.assign(data, { classes, uses, staff });
      showMessage(error, '');
    } catch (failure) {
      showMessage(error, errorText(failure));
    }
    draw();
  };
  await load();
  addSection.append(buildAddForm(context, data, async () => {
    markLoading();
    await load();
    markReady();
  }));
}

// One class with what the filters look at: its active uses, platforms, teachers and worst state.
function summarize(one, uses) {
  const own = uses.filter((use) => use.class_id === one.id && use.active);
  let state = 'none';
  for (const use of own) {
    const s = use.assessment.state;
    if (state === 'none' || STATE_ORDER.indexOf(s) > STATE_ORDER.indexOf(state)) state = s;
  }
  return { one, uses: own, state, teachers: one.teachers.map((teacher) => teacher.name) };
}

function matches(row) {
  if (filters.level && row.one.level !== filters.level) return false;
  if (filters.state && row.state !== filters.state) return false;
  if (filters.platform && !row.uses.some((use) => use.platform === filters.platform)) return false;
  if (filters.teacher && !row.teachers.includes(filters.teacher)) return false;
  const needle = filters.search.trim().toLocaleLowerCase();
  if (!needle) return true;
  const hay = [row.one.code, row.one.level, ...row.teachers, ...row.uses.map((use) => use.platform)].join(' ').toLocaleLowerCase();
  return hay.includes(needle);
}

function buildFilters(data, draw) {
  const distinct = (values) => [...new Set(values.filter(Boolean))].sort((a, b) => a.localeCompare(b));
  const levels = distinct(data.classes.map((one) => one.level));
  const platforms = distinct(data.uses.filter((use) => use.active).map((use) => use.platform));
  const teachers = distinct(data.classes.flatMap((one) => one.teachers.map((teacher) => teacher.name)));
  const states = ['none', ...STATE_ORDER];
  const search = el('input', { id: 'class-search', class: 'input', type: 'search', value: filters.search, autocomplete: 'off' });
  search.addEventListener('input', () => {
    filters.search = search.value;
    draw();
    const again = document.getElementById('class-search');
    if (again) {
      again.focus();
      again.setSelectionRange(again.value.length, again.value.length);
    }
  });
  const select = (key, options, label) => {
    const control = el('select', { id: `class-filter-${key}`, class: 'input' },
      el('option', { value: '' }, t('classes.filterAll')),
      options.map((option) => el('option', { value: option, selected: option === filters[key] }, label(option))));
    control.addEventListener('change', () => {
      filters[key] = control.value;
      draw();
      const again = document.getElementById(`class-filter-${key}`);
      if (again) again.focus();
    });
    return field(t(`classes.filter.${key}`), control);
  };
  return [
    field(t('classes.search'), search),
    select('level', levels, (value) => value),
    select('state', states, (value) => (value === 'none' ? t('classes.noPlatform') : t(`state.${value}`))),
    select('platform', platforms, (value) => value),
    select('teacher', teachers, (value) => value),
  ];
}

function classItem(row) {
  return el('li', { class: 'class-item', dataset: { class: row.one.code, state: row.state } },
    el('a', { class: 'finding-link', href: classHref(row.one.code) },
      el('span', { class: 'class-code' }, t('class.codeShort', { code: row.one.code })),
      row.one.level ? el('span', { class: 'class-level' }, row.one.level) : null,
      el('span', { class: 'class-teachers' }, row.teachers.join(', '))),
    row.uses.length
      ? el('ul', { class: 'class-uses' }, row.uses.map((use) => el('li', null,
        `${use.platform} (${audienceLabel(use.audience)}) `, stateBadge(use.assessment.state))))
      : el('p', { class: 'class-uses-none' }, t('classes.noPlatform')));
}

// Teachers are typed as names separated by semicolons; each must be on the staff list (StaffNotFound otherwise).
function teacherNames(text) {
  return text.split(';').map((name) => name.trim()).filter(Boolean);
}

function buildAddForm(context, data, reload) {
  const code = el('input', { id: 'class-code', class: 'input input--short', required: true, autocomplete: 'off' });
  const level = el('input', { id: 'class-level', class: 'input input--short', autocomplete: 'off' });
  const staffOptions = el('datalist', { id: 'class-teacher-options' });
  const fillOptions = () => staffOptions.replaceChildren(...data.staff.map((member) => el('option', { value: member.name })));
  fillOptions();
  const teacher = el('input', { id: 'class-teacher', class: 'input', list: 'class-teacher-options', autocomplete: 'off', required: true });
  const submit = el('button', { type: 'submit', id: 'class-add-submit', class: 'button button--primary' }, t('classes.add'));
  const status = el('p', { id: 'class-add-status', class: 'message', role: 'status', hidden: true });

  const staffName = el('input', { id: 'staff-name', class: 'input', autocomplete: 'off', required: true });
  const staffEmail = el('input', { id: 'staff-email', class: 'input', type: 'email', autocomplete: 'off' });
  const staffSubmit = el('button', { type: 'submit', id: 'staff-add-submit', class: 'button' }, t('staff.add'));
  const staffStatus = el('p', { id: 'staff-add-status', class: 'message', role: 'status', hidden: true });
  const staffForm = el('form', { id: 'staff-add-form', class: 'form subform', hidden: true, novalidate: true },
    el('h3', null, t('staff.addTitle')),
    el('div', { class: 'field-grid' }, field(t('staff.name'), staffName), field(t('staff.email'), staffEmail)),
    el('div', { class: 'actions' }, staffSubmit), staffStatus);
  const openStaff = el('button', { type: 'button', id: 'staff-add-open', class: 'button button--small' }, t('staff.add'));
  openStaff.addEventListener('click', () => {
    staffForm.hidden = false;
    staffName.focus();
  });

  const form = el('form', { id: 'class-add-form', class: 'form', novalidate: true },
    el('div', { class: 'field-grid' },
      field(t('classes.code'), code, t('classes.codeHint')),
      field(t('classes.level'), level, t('classes.levelHint')),
      field(t('classes.teacher'), teacher, t('classes.teacherHint'))),
    staffOptions,
    el('div', { class: 'actions' }, submit, openStaff),
    status);

  const unknownNames = () => {
    const known = new Set(data.staff.map((member) => member.name.toLocaleLowerCase()));
    return teacherNames(teacher.value).filter((name) => !known.has(name.toLocaleLowerCase()));
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    showMessage(status, '');
    if (!code.value.trim()) {
      showMessage(status, t('classes.codeRequired'), 'error');
      code.focus();
      return;
    }
    if (teacherNames(teacher.value).length === 0) {
      showMessage(status, t('classes.teacherRequired'), 'error');
      teacher.focus();
      return;
    }
    // A name not on the staff list: offer to add that person first, pre-filled.
    const missing = unknownNames();
    if (missing.length > 0) {
      showMessage(status, t('classes.teacherUnknown', { name: missing[0] }), 'error');
      staffForm.hidden = false;
      staffName.value = missing[0];
      staffName.focus();
      return;
    }
    setBusy(submit, t('form.saving'));
    try {
      const added = await api.classAdd({ year: schoolYear(context), code: code.value.trim(), level: level.value.trim(), teachers: teacherNames(teacher.value) });
      showMessage(status, t('classes.added', { code: added.code }), 'ok');
      code.value = '';
      level.value = '';
      teacher.value = '';
      await reload();
      code.focus();
    } catch (failure) {
      showMessage(status, errorText(failure), 'error');
    }
    clearBusy(submit, t('classes.add'));
  });

  staffForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (staffSubmit.disabled) return;
    if (!staffName.value.trim()) {
      showMessage(staffStatus, t('field.required'), 'error');
      staffName.focus();
      return;
    }
    setBusy(staffSubmit, t('form.saving'));
    try {
      const member = await api.staffAdd({ name: staffName.value.trim(), email: staffEmail.value.trim() });
      data.staff.push(member);
      fillOptions();
      showMessage(staffStatus, t('staff.added', { name: member.name }), 'ok');
      staffName.value = '';
      staffEmail.value = '';
      // Back to the class form: the next Enter creates the class.
      if (unknownNames().length === 0) showMessage(status, '');
      teacher.focus();
    } catch (failure) {
      showMessage(staffStatus, errorText(failure), 'error');
    }
    clearBusy(staffSubmit, t('staff.add'));
  });

  return el('div', null, form, staffForm);
}
