// Formulaires (#/formulaires or #/formulaires/CODE): print the Annexe A consent forms, pre-filled — a class,
// some of its students, or only the forms not returned yet (reminders), optionally with each platform's
// validated presentation document after each family's form — and the teacher's class sheet. The
// preview lists the forms the batch covers and shows what the first page will say; « Imprimer » opens the PDF
// in the system viewer, « Enregistrer sous… » saves it where the person chooses.
import * as api from '../api.js';
import { el, replaceContent, showMessage, setBusy, clearBusy } from '../dom.js';
import { t, errorText, getLanguage } from '../i18n.js';
import { screenTitle } from './shell.js';
import { field, audienceLabel, schoolYear, markLoading, markReady } from './register-common.js';

export async function renderForms(container, context) {
  const error = el('p', { id: 'forms-error', class: 'message message--error', role: 'alert', hidden: true });
  let classes = [];
  let platforms = [];
  try {
    [classes, platforms] = await Promise.all([api.classList(), api.platformList()]);
  } catch (failure) {
    container.append(screenTitle(t('nav.formulaires')), el('p', { class: 'message message--error', role: 'alert' }, errorText(failure)));
    return;
  }
  const year = schoolYear(context);
  const classSelect = el('select', { id: 'forms-class', class: 'input' },
    el('option', { value: '' }, t('forms.chooseClass')),
    classes.map((one) => el('option', { value: one.code, selected: one.code === context.param }, one.code)));
  const useSelect = el('select', { id: 'forms-use', class: 'input' });
  const whole = el('input', { id: 'forms-whole-class', type: 'radio', name: 'forms-who', class: 'checkbox', value: 'class', checked: true });
  const some = el('input', { id: 'forms-some-students', type: 'radio', name: 'forms-who', class: 'checkbox', value: 'students' });
  const studentBox = el('fieldset', { id: 'forms-students', class: 'check-group student-picks', hidden: true },
    el('legend', null, t('forms.students')));
  const missingOnly = el('input', { id: 'forms-missing-only', type: 'checkbox', class: 'checkbox' });
  const perGuardian = el('input', { id: 'forms-per-guardian', type: 'checkbox', class: 'checkbox' });
  const withPresentation = el('input', { id: 'forms-with-presentation', type: 'checkbox', class: 'checkbox' });
  const preview = el('section', { id: 'forms-preview', class: 'panel', hidden: true, 'aria-live': 'polite', 'aria-labelledby': 'forms-preview-title' });
  const check = (input, label) => el('div', { class: 'check-row' }, input, el('label', { for: input.id }, label));
  const result = el('p', { id: 'forms-result', class: 'message', role: 'status', dataset: { kind: 'ok' }, hidden: true });

  container.append(
    screenTitle(t('nav.formulaires')),
    el('p', { class: 'section-intro' }, t('forms.intro')),
    el('section', { class: 'panel', 'aria-labelledby': 'forms-choice-title' },
      el('h2', { id: 'forms-choice-title', class: 'section-title' }, t('forms.choiceTitle', { year })),
      el('div', { class: 'field-grid' }, field(t('forms.class'), classSelect), field(t('forms.use'), useSelect)),
      el('div', { class: 'radio-row', role: 'radiogroup', 'aria-label': t('forms.who') },
        check(whole, t('forms.wholeClass')), check(some, t('forms.someStudents'))),
      studentBox,
      el('p', { class: 'field-hint forms-copies-hint' }, t('forms.copiesHint')),
      check(missingOnly, t('forms.missingOnly')),
      check(perGuardian, t('forms.perGuardian')),
      check(withPresentation, t('forms.withPresentation')),
      error),
    result,
    preview);

  const state = { students: [], uses: [] };
  const request = () => {
    const chosen = [...studentBox.querySelectorAll('input:checked')].map((input) => input.value);
    return {
      year,
      selection: some.checked ? { kind: 'students', value: chosen } : { kind: 'class', value: classSelect.value },
      use_id: useSelect.value ? Number(useSelect.value) : null,
      missing_only: missingOnly.checked,
      per_guardian: perGuardian.checked,
      with_presentation: withPresentation.checked,
    };
  };

  const refresh = async () => {
    showMessage(error, '');
    if (!classSelect.value) {
      preview.hidden = true;
      return;
    }
    if (some.checked && !studentBox.querySelector('input:checked')) {
      preview.hidden = true;
      showMessage(error, t('forms.pickStudents'));
      return;
    }
    markLoading();
    try {
      const [forms, warnings] = await Promise.all([api.formsPlan(request()), api.formsWarnings(request())]);
      drawPreview(forms, warnings);
    } catch (failure) {
      preview.hidden = true;
      showMessage(error, errorText(failure));
    }
    markReady();
  };

  const loadClass = async () => {
    const code = classSelect.value;
    state.students = [];
    state.uses = [];
    if (code) {
      try {
        const [students, uses] = await Promise.all([api.studentList(code), api.useList(code)]);
        state.students = students;
        const consentPlatforms = new Set(platforms.filter((one) => !one.outside_directive).map((one) => one.id));
        state.uses = uses.filter((use) => use.active && consentPlatforms.has(use.platform_id));
      } catch (failure) {
        showMessage(error, errorText(failure));
      }
    }
    replaceContent(useSelect, el('option', { value: '' }, t('forms.allUses')),
      state.uses.map((use) => el('option', { value: use.id }, `${use.platform} · ${audienceLabel(use.audience)}`)));
    replaceContent(studentBox, el('legend', null, t('forms.students')),
      state.students.map((student) => {
        const input = el('input', { id: `forms-student-${student.id}`, type: 'checkbox', class: 'checkbox', value: student.fiche || `${student.last_name}, ${student.first_name}` });
        input.addEventListener('change', refresh);
        return check(input, `${student.last_name}, ${student.first_name}`);
      }));
    await refresh();
  };

  const print = async (destination, button, label) => {
    if (button.disabled) return;
    showMessage(error, '');
    setBusy(button, t('forms.printing'));
    markLoading();
    try {
      const saved = destination === 'save_as'
        ? await api.formsPrint(request(), 'save_as', t('forms.saveAsTitle'))
        : await api.formsPrint(request(), 'open', '');
      if (saved) showMessage(result, saved.opened ? t('forms.opened') : t('use.savedTo', { path: saved.path }), 'ok');
      await refresh();
    } catch (failure) {
      showMessage(error, errorText(failure));
    }
    clearBusy(button, label);
    markReady();
  };

  const printSheet = async (button) => {
    if (button.disabled) return;
    setBusy(button, t('forms.printing'));
    try {
      const saved = await api.classSheetPrint({ year, class_code: classSelect.value, use_id: useSelect.value ? Number(useSelect.value) : null }, 'open', '');
      if (saved) showMessage(result, saved.opened ? t('forms.sheetOpened') : t('use.savedTo', { path: saved.path }), 'ok');
    } catch (failure) {
      showMessage(error, errorText(failure));
    }
    clearBusy(button, t('forms.sheet'));
  };

  const drawPreview = (forms, warnings) => {
    preview.hidden = false;
    const first = forms[0];
    const printButton = el('button', { type: 'button', id: 'forms-print', class: 'button button--primary' }, t('forms.print'));
    const saveButton = el('button', { type: 'button', id: 'forms-save', class: 'button' }, t('use.saveAs'));
    const sheetButton = el('button', { type: 'button', id: 'forms-sheet', class: 'button' }, t('forms.sheet'));
    printButton.addEventListener('click', () => print('open', printButton, t('forms.print')));
    saveButton.addEventListener('click', () => print('save_as', saveButton, t('use.saveAs')));
    sheetButton.addEventListener('click', () => printSheet(sheetButton));
    const unprintable = forms.filter((form) => form.unprintable);
    // Each copy is a page (the parents' in their language, the student's own), then the presentation document.
    const pages = forms.reduce((sum, form) => sum + form.copies.length + form.presentation_pages, 0);
    replaceContent(preview,
      el('h2', { id: 'forms-preview-title', class: 'section-title' }, t('forms.previewTitle', { count: forms.length, pages })),
      missingOnly.checked ? el('p', { class: 'callout callout--warning' }, t('forms.reminderNote')) : null,
      warnings.length
        ? el('div', { id: 'forms-presentation-warning', class: 'callout callout--warning', role: 'status' },
          el('p', null, t('forms.presentationWarning')),
          el('ul', null, warnings.map((warning) => el('li', { dataset: { useId: warning.use_id } },
            `${warning.platform} (${t('class.codeShort', { code: warning.class_code })}) : ${localText(warning)}`))))
        : null,
      unprintable.length
        ? el('div', { id: 'forms-unprintable', class: 'callout callout--warning', role: 'status' },
          el('p', null, t('forms.unprintable')),
          el('ul', null, unprintable.map((form) => el('li', null, `${form.student} : « ${form.unprintable} »`))))
        : null,
      el('div', { class: 'forms-preview-grid' },
        el('article', { id: 'forms-first-page', class: 'paper-preview', 'aria-label': t('forms.firstPage') },
          el('p', { class: 'paper-kicker' }, t('forms.firstPage')),
          el('p', { class: 'paper-title' }, 'Annexe A — FORMULAIRE DE CONSENTEMENT'),
          el('dl', { class: 'facts' },
            el('dt', null, t('forms.p.student')), el('dd', null, first.student),
            el('dt', null, t('forms.p.guardians')), el('dd', null, first.guardians.join(' et ') || t('forms.p.blank')),
            el('dt', null, t('forms.p.platform')), el('dd', null, first.platform),
            el('dt', null, t('forms.p.number')), el('dd', { class: 'mono' }, first.number || t('forms.p.newNumber')))),
        el('div', { class: 'table-scroll' }, el('table', { id: 'forms-list', class: 'table' },
          el('thead', null, el('tr', null,
            ['student', 'platform', 'guardians', 'copies', 'number'].map((column) => el('th', { scope: 'col' }, t(`forms.col.${column}`))))),
          el('tbody', null, forms.map((form) => el('tr', { dataset: { studentId: form.student_id, useId: form.use_id } },
            el('th', { scope: 'row' }, form.student),
            el('td', null, form.platform),
            el('td', null, form.guardians.join(' et ') || '—'),
            el('td', { class: 'form-copies' }, copiesText(form)),
            el('td', { class: 'mono' }, form.number || t('forms.p.newNumber')))))))),
      el('div', { class: 'actions' }, printButton, saveButton, sheetButton));
  };

  classSelect.addEventListener('change', () => {
    showMessage(result, '');
    loadClass();
  });
  useSelect.addEventListener('change', refresh);
  for (const input of [whole, some]) {
    input.addEventListener('change', () => {
      studentBox.hidden = !some.checked;
      refresh();
    });
  }
  missingOnly.addEventListener('change', refresh);
  perGuardian.addEventListener('change', refresh);
  withPresentation.addEventListener('change', refresh);
  if (classSelect.value) await loadClass();
}

// A form's pages in words: each copy's wording (the Directive's French form, its English translation, the
// student's own), then the presentation document's pages when it goes in the envelope.
function copiesText(form) {
  const copies = form.copies.map((copy) => t(`forms.copy.${copy.wording}`)).join(' + ');
  return form.presentation_pages ? `${copies} + ${t('forms.copy.presentation', { pages: form.presentation_pages })}` : copies;
}

// A backend reason in the interface language.
function localText(reason) {
  return getLanguage() === 'en' ? reason.text_en || reason.text_fr : reason.text_fr || reason.text_en;
}
