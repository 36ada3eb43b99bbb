// One class (#/classes/CODE): its platform uses with their state and reasons and their staff (the Annexe A's
// « membre du personnel »: the use's own, else the class's teachers), the actions that make a use conforme, the students × consent matrix (each student's history one click away, each guardian's « ne pas
// contacter » mark), adding a use (a proscrite platform becomes an infraction to record instead), and its
// infractions.
import * as api from '../api.js';
import { el, showMessage, setBusy, clearBusy } from '../dom.js';
import { t, errorText, getLanguage } from '../i18n.js';
import { screenTitle } from './shell.js';
import { today, stateBadge, audienceLabel, reasonList, field, schoolYear, markLoading, markReady } from './register-common.js';
import { buildUseActions, splitNames } from './use-actions.js';
import { answerChip, statusBadge, consentStatus, eventList, answerPair, guardianName } from './consent-common.js';

const AUDIENCES = ['parents', 'eleves'];

export async function renderClassDetail(container, context) {
  const code = context.param;
  const back = el('a', { class: 'back-link', href: '#/classes' }, t('classes.back'));
  const body = el('div', { id: 'class-detail', class: 'class-detail', dataset: { class: code } });
  container.append(back, screenTitle(t('class.codeShort', { code })), body);

  let platforms = [];
  let staffNames = [];
  const state = { detail: null };
  const useError = el('p', { id: 'use-error', class: 'message message--error', role: 'alert', hidden: true });
  const facts = el('dl', { class: 'facts' });
  const editSlot = el('div', { class: 'class-edit-slot' });
  const editOpen = el('button', { type: 'button', id: 'class-edit-open', class: 'button button--small' }, t('class.edit'));
  editOpen.addEventListener('click', async () => {
    if (editSlot.firstChild) return;
    editSlot.append(await buildClassEditForm(code, state.detail.class, (changed) => {
      editSlot.replaceChildren();
      editOpen.hidden = false;
      if (changed) reload();
      editOpen.focus();
    }));
    editOpen.hidden = true;
    document.getElementById('class-edit-level').focus();
  });
  const warnings = el('div', { class: 'class-warnings' });
  const uses = el('div', { class: 'use-cards' });
  const infractions = el('ul', { id: 'infraction-list', class: 'finding-list' });
  const infractionForm = buildInfractionForm(context, code, () => platforms, async () => reload());
  const addForm = buildUseAddForm(context, code, () => platforms, () => staffNames, useError, infractionForm, async () => reload());

  const draw = () => {
    const detail = state.detail;
    facts.replaceChildren(
      el('dt', null, t('classes.level')), el('dd', null, detail.class.level || '—'),
      el('dt', null, t('classes.teacher')), el('dd', null, detail.class.teachers.map((one) => one.name).join(', ') || '—'),
      el('dt', null, t('class.year')), el('dd', null, String(detail.class.year)));
    warnings.replaceChildren(...detail.warnings_one_platform.map((warning) => el('div', { class: 'callout callout--warning' },
      el('p', { class: 'callout-title' }, t('class.warningOnePlatform', { audience: audienceLabel(warning.audience), platforms: warning.platforms.join(', ') })),
      reasonList(warning.reasons))));
    uses.replaceChildren(...(detail.uses.length
      ? detail.uses.map((use) => useCard(use, platforms, staffNames, context, reload))
      : [el('p', { class: 'empty-text' }, t('class.noUse'))]));
    infractions.replaceChildren(...detail.infractions.map((one) => infractionItem(one, reload)));
    if (detail.infractions.length === 0) infractions.append(el('li', { class: 'all-clear' }, t('class.noInfraction')));
    addForm.setPlatforms();
    infractionForm.setPlatforms();
  };

  // Reloads the class after an action; `focusUse` puts the focus back on that use's card.
  const reload = async (focusUse) => {
    markLoading();
    try {
      state.detail = await api.classShow(code);
      draw();
      if (focusUse) {
        const card = body.querySelector(`.use-card[data-use-id="${Number(focusUse)}"] .use-title`);
        if (card) card.focus();
      }
    } catch (failure) {
      showMessage(useError, errorText(failure));
    }
    markReady();
  };

  let students = [];
  let matrix = {};
  try {
    const [detail, catalogue, roster, consents, staff] = await Promise.all([
      api.classShow(code), api.platformList(), api.studentList(code), api.consentMatrix(code), api.staffList()]);
    state.detail = detail;
    platforms = catalogue;
    staffNames = staff.map((one) => one.name);
    students = roster;
    matrix = consents || {};
  } catch (failure) {
    body.append(el('p', { class: 'message message--error', role: 'alert' }, errorText(failure)));
    return;
  }
  const printForms = el('a', { id: 'class-print-forms', class: 'button button--small', href: `#/formulaires/${encodeURIComponent(code)}` }, t('class.printForms'));
  const printSheet = el('button', { type: 'button', id: 'class-print-sheet', class: 'button button--small' }, t('class.printSheet'));
  const printStatus = el('p', { id: 'class-print-status', class: 'message', role: 'status', hidden: true });
  printSheet.addEventListener('click', async () => {
    if (printSheet.disabled) return;
    setBusy(printSheet, t('forms.printing'));
    try {
      const saved = await api.classSheetPrint({ year: schoolYear(context), class_code: code, use_id: null }, 'open', '');
      showMessage(printStatus, saved.opened ? t('forms.sheetOpened') : t('use.savedTo', { path: saved.path }), 'ok');
    } catch (failure) {
      showMessage(printStatus, errorText(failure), 'error');
    }
    clearBusy(printSheet, t('class.printSheet'));
  });
  // The teachers' reminder list of this class's forms to get back (PDF), as from the dashboard.
  const printReminders = el('button', { type: 'button', id: 'class-print-reminders', class: 'button button--small' }, t('class.printReminders'));
  printReminders.addEventListener('click', async () => {
    if (printReminders.disabled) return;
    setBusy(printReminders, t('forms.printing'));
    try {
      const saved = await api.consentReminderPrint('open', t('dash.consents.printTitle'), code);
      showMessage(printStatus, t('use.savedTo', { path: saved.path }), 'ok');
    } catch (failure) {
      showMessage(printStatus, errorText(failure), 'error');
    }
    clearBusy(printReminders, t('class.printReminders'));
  });
  body.append(
    el('div', { class: 'class-facts' }, facts,
      el('div', { class: 'actions class-actions' }, editOpen, printForms, printSheet, printReminders)),
    printStatus,
    editSlot,
    warnings,
    el('section', { class: 'panel', 'aria-labelledby': 'class-uses-title' },
      el('h2', { id: 'class-uses-title', class: 'section-title' }, t('class.usesTitle')),
      uses),
    studentPanel(students, matrix),
    el('section', { class: 'panel', 'aria-labelledby': 'use-add-title' },
      el('h2', { id: 'use-add-title', class: 'section-title' }, t('class.addUseTitle')),
      el('p', { class: 'section-intro' }, t('class.addUseRule')),
      useError,
      addForm.element),
    el('section', { class: 'panel', 'aria-labelledby': 'class-infractions-title' },
      el('h2', { id: 'class-infractions-title', class: 'section-title' }, t('class.infractionsTitle')),
      infractions,
      infractionForm.element));
  draw();
}

function useCard(use, platforms, staffNames, context, reload) {
  const platform = platforms.find((one) => one.id === use.platform_id);
  const p = use.presentation || {};
  const dateBy = (on, by) => (by ? t('use.onBy', { date: on, by }) : on);
  const fact = (label, value) => [el('dt', null, label), el('dd', null, value || t('use.notYet'))];
  const titleId = `use-${use.id}-title`;
  return el('article', { class: ['use-card', use.active ? '' : 'use-card--ended'], dataset: { useId: use.id, state: use.assessment.state }, 'aria-labelledby': titleId },
    el('header', { class: 'use-head' },
      el('h3', { id: titleId, class: 'use-title', tabindex: '-1' }, `${use.platform} · ${audienceLabel(use.audience)}`),
      stateBadge(use.assessment.state)),
    el('p', { class: 'use-dates' }, use.ended_on
      ? t('use.fromTo', { from: use.started_on, to: use.ended_on })
      : t('use.from', { from: use.started_on })),
    platform ? el('p', { class: 'use-naming' }, t(platform.institutional_account ? 'use.fullNameOk' : 'use.firstNameOnly')) : null,
    reasonList(use.assessment.reasons),
    el('dl', { class: 'facts use-facts' },
      // Annexe A: « le membre du personnel »; Directive 5.9: who empties the platform by 30 June.
      el('dt', null, t('use.fact.staff')),
      el('dd', { class: 'use-staff', dataset: { fromClass: String(Boolean(use.staff_from_class)) } },
        (use.staff || []).map((one) => one.name).join(', ') || t('use.staffNone'),
        use.staff_from_class ? el('span', { class: 'hint' }, ` ${t('use.staffFromClass')}`) : null),
      fact(t('use.fact.authorization'), use.authorization ? dateBy(use.authorization.on, use.authorization.by) : ''),
      use.authorization && platform && platform.status === 'toleree'
        ? [el('dt', null, t('use.fact.prior')), el('dd', { class: 'use-prior', dataset: { prior: String(Boolean(use.authorization.prior_use)) } },
          t(use.authorization.prior_use ? 'use.priorYes' : 'use.priorNo'))]
        : null,
      use.authorization && use.authorization.document ? documentFact(use.authorization.document) : null,
      fact(t('use.fact.committee'), use.committee_validated_on),
      p.document ? documentFact(p.document, t('use.fact.presentation')) : fact(t('use.fact.presentation'), ''),
      fact(t('use.fact.validation'), p.validation ? dateBy(p.validation.on, p.validation.by) : ''),
      fact(t('use.fact.sent'), p.sent_on)),
    use.active ? buildUseActions(use, {
      defaultBy: context.settings ? context.settings.principal_name : '',
      onDone: (useId) => reload(useId),
      platform,
      staffNames,
    }) : null);
}

// A stored document: its name opens it in the system viewer (exported to Balise's export folder first);
// « Enregistrer sous… » saves a copy where the person chooses.
function documentFact(meta, label) {
  const open = el('button', { type: 'button', class: 'link-button', dataset: { action: 'view-doc' } }, meta.original_name);
  const saveAs = el('button', { type: 'button', class: 'button button--small', dataset: { action: 'save-doc' },
    'aria-label': t('use.saveAsOne', { name: meta.original_name }) }, t('use.saveAs'));
  const status = el('span', { class: 'inline-status', role: 'status' });
  open.addEventListener('click', async () => {
    try {
      const saved = await api.attachmentView(meta.id);
      status.textContent = saved && saved.opened === false && saved.path ? ` ${t('use.savedTo', { path: saved.path })}` : '';
    } catch (failure) {
      status.textContent = ` ${errorText(failure)}`;
    }
  });
  saveAs.addEventListener('click', async () => {
    try {
      const saved = await api.attachmentSaveAs(meta.id, t('use.saveAsTitle'));
      status.textContent = saved ? ` ${t('use.savedTo', { path: saved.path })}` : '';
    } catch (failure) {
      status.textContent = ` ${errorText(failure)}`;
    }
  });
  return [el('dt', null, label || t('use.fact.document')), el('dd', null, open, ' ', saveAs, status)];
}

// Level and teachers of the class (Directive: the teacher's name is printed on the consent form).
async function buildClassEditForm(code, current, close) {
  let staff = [];
  try {
    staff = await api.staffList();
  } catch {
    staff = [];
  }
  const level = el('input', { id: 'class-edit-level', class: 'input', value: current.level || '', autocomplete: 'off' });
  const teachers = el('input', { id: 'class-edit-teachers', class: 'input', list: 'class-edit-teacher-options', autocomplete: 'off',
    value: current.teachers.map((one) => one.name).join('; ') });
  const options = el('datalist', { id: 'class-edit-teacher-options' }, staff.map((member) => el('option', { value: member.name })));
  const submit = el('button', { type: 'submit', id: 'class-edit-submit', class: 'button button--primary' }, t('form.save'));
  const cancel = el('button', { type: 'button', id: 'class-edit-cancel', class: 'button' }, t('form.cancel'));
  const status = el('p', { id: 'class-edit-error', class: 'message', role: 'alert', hidden: true });
  cancel.addEventListener('click', () => close(false));
  const form = el('form', { id: 'class-edit-form', class: 'form subform', novalidate: true },
    el('h3', null, t('class.editTitle', { code })),
    el('div', { class: 'field-grid' },
      field(t('classes.level'), level, t('classes.levelHint')),
      field(t('classes.teacher'), teachers, t('classes.teacherHint'))),
    options,
    el('div', { class: 'actions' }, submit, cancel),
    status);
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close(false);
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    const names = teachers.value.split(';').map((name) => name.trim()).filter(Boolean);
    if (names.length === 0) {
      showMessage(status, t('classes.teacherRequired'), 'error');
      teachers.focus();
      return;
    }
    setBusy(submit, t('form.saving'));
    try {
      await api.classSet(code, { level: level.value.trim(), teachers: names });
      close(true);
    } catch (failure) {
      clearBusy(submit, t('form.save'));
      showMessage(status, errorText(failure), 'error');
    }
  });
  return form;
}

function buildUseAddForm(context, code, getPlatforms, getStaffNames, useError, infractionForm, reload) {
  const platform = el('select', { id: 'use-platform', class: 'input', required: true });
  // Annexe A: the staff member who uses the platform; none typed: the class's teachers.
  const staff = el('input', { id: 'use-staff', class: 'input', list: 'use-staff-options', autocomplete: 'off' });
  const staffOptions = el('datalist', { id: 'use-staff-options' });
  const audience = el('select', { id: 'use-audience', class: 'input', required: true },
    AUDIENCES.map((value) => el('option', { value }, audienceLabel(value))));
  const from = el('input', { id: 'use-from', type: 'date', class: 'input input--short', value: today(), required: true });
  const submit = el('button', { type: 'submit', id: 'use-add-submit', class: 'button button--primary' }, t('class.addUse'));
  const offer = el('button', { type: 'button', id: 'use-record-infraction', class: 'button', hidden: true }, t('class.recordInfraction'));
  offer.addEventListener('click', () => infractionForm.prefill(platform.value));
  const form = el('form', { id: 'use-add-form', class: 'form', novalidate: true },
    el('div', { class: 'field-grid' },
      field(t('use.platform'), platform),
      field(t('use.audience'), audience),
      field(t('use.fromLabel'), from),
      field(t('use.field.staff'), staff, t('use.staffHint'))),
    staffOptions,
    el('div', { class: 'actions' }, submit, offer));
  platform.addEventListener('change', () => {
    offer.hidden = true;
    showMessage(useError, '');
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    showMessage(useError, '');
    offer.hidden = true;
    if (!platform.value || !from.value) {
      showMessage(useError, t('field.required'));
      (platform.value ? from : platform).focus();
      return;
    }
    setBusy(submit, t('form.saving'));
    try {
      const added = await api.useAdd({ year: schoolYear(context), class_code: code, platform: platform.value, audience: audience.value, started_on: from.value,
        staff: splitNames(staff.value) });
      staff.value = '';
      clearBusy(submit, t('class.addUse'));
      await reload(added.id);
    } catch (failure) {
      clearBusy(submit, t('class.addUse'));
      showMessage(useError, errorText(failure));
      // Directive art. 4: a proscrite platform is not a use; it is recorded as an infraction to resolve.
      if (failure.code === api.ErrorCode.prohibitedPlatform) {
        offer.hidden = false;
        offer.focus();
      }
    }
  });
  return {
    element: form,
    setPlatforms() {
      const chosen = platform.value;
      platform.replaceChildren(el('option', { value: '' }, t('use.choosePlatform')),
        ...getPlatforms().map((one) => el('option', { value: one.name, selected: one.name === chosen },
          `${one.name} — ${t(`status.${one.status}`)}`)));
      staffOptions.replaceChildren(...getStaffNames().map((name) => el('option', { value: name })));
    },
  };
}

function buildInfractionForm(context, code, getPlatforms, reload) {
  const platform = el('select', { id: 'infraction-platform', class: 'input', required: true });
  const description = el('textarea', { id: 'infraction-description', class: 'input', rows: '2', required: true });
  const found = el('input', { id: 'infraction-found', type: 'date', class: 'input input--short', value: today(), required: true });
  const submit = el('button', { type: 'submit', id: 'infraction-submit', class: 'button' }, t('class.recordInfraction'));
  const status = el('p', { id: 'infraction-status', class: 'message', role: 'alert', hidden: true });
  const form = el('form', { id: 'infraction-form', class: 'form subform', novalidate: true },
    el('h3', null, t('class.infractionFormTitle')),
    el('div', { class: 'field-grid' },
      field(t('use.platform'), platform),
      field(t('infraction.found'), found),
      field(t('infraction.description'), description, t('infraction.descriptionHint'))),
    el('div', { class: 'actions' }, submit),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    showMessage(status, '');
    for (const input of [platform, found, description]) {
      if (!input.value.trim()) {
        showMessage(status, t('field.required'), 'error');
        input.focus();
        return;
      }
    }
    setBusy(submit, t('form.saving'));
    try {
      await api.infractionAdd({ year: schoolYear(context), class_code: code, platform: platform.value, found_on: found.value, description: description.value.trim() });
      description.value = '';
      clearBusy(submit, t('class.recordInfraction'));
      await reload();
      showMessage(status, t('infraction.recorded'), 'ok');
    } catch (failure) {
      clearBusy(submit, t('class.recordInfraction'));
      showMessage(status, errorText(failure), 'error');
    }
  });
  return {
    element: form,
    setPlatforms() {
      const chosen = platform.value;
      platform.replaceChildren(el('option', { value: '' }, t('use.choosePlatform')),
        ...getPlatforms().map((one) => el('option', { value: one.name, selected: one.name === chosen }, one.name)));
    },
    prefill(name) {
      platform.value = name;
      form.scrollIntoView({ block: 'nearest' });
      description.focus();
    },
  };
}

function infractionItem(infraction, reload) {
  const item = el('li', { class: 'finding infraction', dataset: { infractionId: infraction.id } },
    el('p', { class: 'infraction-head' },
      el('strong', null, infraction.platform), ' — ',
      t('infraction.foundOn', { date: infraction.found_on }), ' — ',
      infraction.resolved_on
        ? el('span', { class: 'badge badge--conforme' }, t('infraction.resolvedOn', { date: infraction.resolved_on }))
        : el('span', { class: 'badge badge--non_conforme' }, t('infraction.open'))),
    el('p', { class: 'infraction-description' }, infraction.description),
    infraction.resolved_on ? el('p', { class: 'infraction-resolution' }, infraction.resolution) : null);
  if (infraction.resolved_on) return item;
  const open = el('button', { type: 'button', class: 'button button--small', dataset: { action: 'resolve' } }, t('infraction.resolve'));
  const on = el('input', { id: `infraction-${infraction.id}-on`, name: 'on', type: 'date', class: 'input input--short', value: today(), required: true });
  const what = el('input', { id: `infraction-${infraction.id}-resolution`, name: 'resolution', class: 'input', required: true, autocomplete: 'off' });
  const submit = el('button', { type: 'submit', class: 'button button--primary button--small' }, t('infraction.resolve'));
  const status = el('p', { class: 'message', role: 'alert', hidden: true });
  const form = el('form', { class: 'form use-action-form', hidden: true, novalidate: true },
    el('div', { class: 'field-grid' }, field(t('use.field.on'), on), field(t('infraction.resolution'), what)),
    el('div', { class: 'actions' }, submit), status);
  open.addEventListener('click', () => {
    form.hidden = !form.hidden;
    if (!form.hidden) what.focus();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    if (!on.value || !what.value.trim()) {
      showMessage(status, t('field.required'), 'error');
      (on.value ? what : on).focus();
      return;
    }
    setBusy(submit, t('form.saving'));
    try {
      await api.infractionResolve(infraction.id, on.value, what.value.trim());
      await reload();
    } catch (failure) {
      clearBusy(submit, t('infraction.resolve'));
      showMessage(status, errorText(failure), 'error');
    }
  });
  item.append(el('div', { class: 'actions' }, open), form);
  return item;
}

// The class's students × their consents: for each platform that needs one (Annexe A), the two answers in force
// as words, or where the form stands; the guardians on file, each with the « ne pas contacter » mark as a
// toggle and the language of their printed forms. A student's name opens their history below the table.
function studentPanel(students, matrix) {
  const uses = [];
  for (const student of students) {
    for (const consent of matrix[student.id] || []) {
      if (!uses.some((use) => use.use_id === consent.use_id)) uses.push({ use_id: consent.use_id, platform: consent.platform });
    }
  }
  const historySlot = el('div', { class: 'history-slot' });
  const openHistory = (student, button) => showHistory(student, historySlot, button);
  return el('section', { class: 'panel', 'aria-labelledby': 'class-students-title' },
    el('h2', { id: 'class-students-title', class: 'section-title' }, t('students.title', { count: students.length })),
    students.length && uses.length ? el('p', { class: 'section-intro' }, t('matrix.intro')) : null,
    students.length && !uses.length ? el('p', { class: 'section-intro' }, t('matrix.noConsentUse')) : null,
    students.length
      ? el('div', { class: 'table-scroll' }, el('table', { id: 'student-table', class: 'table consent-matrix' },
        el('thead', null, el('tr', null,
          el('th', { scope: 'col' }, t('students.name')),
          el('th', { scope: 'col' }, t('students.fiche')),
          uses.map((use) => el('th', { scope: 'col', dataset: { useId: use.use_id } },
            use.platform, el('span', { class: 'col-sub' }, t('matrix.q1q2')))),
          el('th', { scope: 'col' }, t('students.guardians')))),
        el('tbody', null, students.map((student) => studentRow(student, uses, matrix[student.id] || [], openHistory)))))
      : el('p', { class: 'empty-text' }, t('students.none')),
    historySlot);
}

function studentRow(student, uses, consents, openHistory) {
  const name = `${student.last_name}, ${student.first_name}`;
  const history = el('button', { type: 'button', class: 'link-button student-history-open', dataset: { action: 'history', studentId: student.id },
    'aria-label': t('matrix.historyOf', { name }) }, name);
  history.addEventListener('click', () => openHistory(student, history));
  return el('tr', { dataset: { studentId: student.id } },
    el('th', { scope: 'row' }, history),
    el('td', null, student.fiche || '—'),
    uses.map((use) => consentCell(consents.find((one) => one.use_id === use.use_id))),
    el('td', { class: 'guardian-cell' }, student.guardians.length
      ? el('ul', { class: 'guardian-toggles' }, student.guardians.map(guardianToggle))
      : t('students.noGuardian')));
}

// One student × platform: the two answers once the form is back, else where it stands; the tooltip gives what
// the answers allow: in French, the core's words (« ne publier ni photo ni réalisation de cet élève », Directive
// 5.5–5.6); in English, their translation from `may_show` / `may_write`.
function consentCell(consent) {
  if (!consent) return el('td', { class: 'consent-cell' }, '—');
  const state = consent.state;
  const status = consentStatus(state);
  const returned = Boolean(state.returned_on);
  const allows = getLanguage() === 'en'
    ? `${t(state.may_show ? 'consent.allows.mayPublish' : 'consent.allows.noPublication')}; ${t(state.may_write ? 'consent.allows.mayWrite' : 'consent.allows.noPrivateMessage')}`
    : state.publication_fr ? `${state.publication_fr} ; ${state.private_message_fr}` : null;
  return el('td', { class: ['consent-cell', `consent-cell--${status}`], title: allows,
    dataset: { useId: consent.use_id, q1: consent.q1, q2: consent.q2, status, number: consent.number || '' } },
    returned
      ? el('span', { class: 'answer-stack' }, answerChip('q1', consent.q1), answerChip('q2', consent.q2))
      : null,
    status === 'returned' ? null : statusBadge(state, true));
}

// « ne pas contacter »: a toggle per guardian, saved at once (audited); the forms and lists skip them.
function guardianToggle(guardian) {
  const name = guardianName(guardian);
  const status = el('span', { class: 'inline-status', role: 'status' });
  const toggle = el('button', { type: 'button', class: 'dnc-toggle', dataset: { action: 'do-not-contact', guardianId: guardian.id },
    'aria-pressed': String(Boolean(guardian.do_not_contact)), 'aria-label': t('matrix.dncOf', { name }) }, t('students.doNotContact'));
  const language = languageSelect(guardian, name, status);
  const item = el('li', { class: ['guardian-toggle', guardian.do_not_contact ? 'guardian--dnc' : ''], dataset: { guardianId: guardian.id } },
    el('span', { class: 'guardian-name' }, name),
    guardian.relation ? el('span', { class: 'guardian-relation' }, ` (${guardian.relation})`) : null,
    ' ', toggle, language, status);
  toggle.addEventListener('click', async () => {
    if (toggle.disabled) return;
    const wanted = toggle.getAttribute('aria-pressed') !== 'true';
    toggle.disabled = true;
    status.textContent = '';
    markLoading();
    try {
      const saved = await api.guardianDoNotContact(guardian.id, wanted);
      toggle.setAttribute('aria-pressed', String(Boolean(saved.do_not_contact)));
      item.classList.toggle('guardian--dnc', Boolean(saved.do_not_contact));
    } catch (failure) {
      status.textContent = errorText(failure);
    }
    toggle.disabled = false;
    markReady();
  });
  return item;
}

// The language of a guardian's printed forms: the Directive's French text or its English translation, saved at
// once (audited); a class list with a language column sets it too.
function languageSelect(guardian, name, status) {
  const select = el('select', { class: 'lang-select', dataset: { action: 'guardian-language', guardianId: guardian.id },
    'aria-label': t('students.formLanguageOf', { name }), title: t('students.formLanguageHint') },
    ['fr', 'en'].map((code) => el('option', { value: code, selected: guardian.language === code }, t(`students.formLanguage.${code}`))));
  select.addEventListener('change', async () => {
    const wanted = select.value;
    select.disabled = true;
    status.textContent = '';
    markLoading();
    try {
      const saved = await api.guardianLanguage(guardian.id, wanted);
      select.value = saved.language;
      guardian.language = saved.language;
    } catch (failure) {
      select.value = guardian.language;
      status.textContent = errorText(failure);
    }
    select.disabled = false;
    markReady();
  });
  return select;
}

// A student's consents this year: each form (an old class's too), its state, and every event with its scan.
async function showHistory(student, slot, opener) {
  markLoading();
  let history;
  try {
    history = await api.consentHistory(student.id);
  } catch (failure) {
    slot.replaceChildren(el('p', { class: 'message message--error', role: 'alert' }, errorText(failure)));
    markReady();
    return;
  }
  const close = el('button', { type: 'button', id: 'student-history-close', class: 'button button--small' }, t('matrix.historyClose'));
  // Seed 004, art. 4: everything Balise holds about the student, for an access request.
  const exportLabel = t('matrix.accessExport');
  const exportButton = el('button', { type: 'button', id: 'student-access-export', class: 'button button--small' }, exportLabel);
  const exported = el('p', { id: 'student-access-result', class: 'message', role: 'status', hidden: true });
  exportButton.addEventListener('click', async () => {
    if (exportButton.disabled) return;
    showMessage(exported, '');
    setBusy(exportButton, t('app.working'));
    try {
      const saved = await api.personExport(history.student_id, exportLabel);
      if (saved) showMessage(exported, t('matrix.accessSaved', { path: saved.path }), 'ok');
    } catch (failure) {
      showMessage(exported, errorText(failure), 'error');
    }
    clearBusy(exportButton, exportLabel);
  });
  const section = el('section', { id: 'student-history', class: 'student-history', 'aria-labelledby': 'student-history-title', dataset: { studentId: history.student_id } },
    el('div', { class: 'student-history-head' },
      el('h3', { id: 'student-history-title', tabindex: '-1' }, t('matrix.historyTitle', { name: history.student })),
      exportButton,
      close),
    exported,
    history.forms.length
      ? history.forms.map((form) => el('section', { class: 'history-form', dataset: { number: form.number, useId: form.use_id } },
        el('h4', { class: 'history-form-title' },
          form.platform, ' · ', t('class.codeShort', { code: form.class_code }), ' · ',
          el('span', { class: 'mono' }, t('returns.formNumber', { number: form.number }))),
        el('p', { class: 'history-form-state' }, statusBadge(form.state), ' ', answerPair(form.state)),
        eventList(form.events)))
      : el('p', { class: 'empty-text' }, t('matrix.historyNone')));
  const leave = () => {
    slot.replaceChildren();
    if (opener && opener.isConnected) opener.focus();
  };
  close.addEventListener('click', leave);
  section.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') leave();
  });
  slot.replaceChildren(section);
  const title = section.querySelector('#student-history-title');
  title.focus();
  section.scrollIntoView({ block: 'nearest' });
  markReady();
}
